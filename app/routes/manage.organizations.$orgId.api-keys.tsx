import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, FormMessage, PageHeader } from "~/components/forms";
import { formatDateTime, isLanguage } from "~/i18n/config";
import { createApiKey, listApiKeys, revokeApiKey } from "~/modules/verification/index.server";
import { employerOrganization } from "~/modules/verification/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";
import { titleMeta } from "~/utils/meta";
import { appUrl } from "~/utils/request.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "verification.keys.title");

// The response to a creation carries the full key once: no cache may keep it.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

const intentSchema = z.enum(["create", "revoke"]);

/** An employer's own staff (and platform admins) manage the employer's API keys. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const organization = await employerOrganization(database, user, params.orgId);
  const keys = await listApiKeys(database, user, organization.id);
  return {
    organization,
    apiBase: `${appUrl(request)}/api/v1/certificates/`,
    keys: keys.map((k) => ({
      ...k,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
    })),
  };
}

type ActionResult = { created?: { name: string; token: string }; error?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const form = await request.formData();
  const intent = intentSchema.safeParse(form.get("intent"));
  if (!intent.success) throw notFound();
  if (intent.data === "create") {
    const created = await createApiKey(database, user, params.orgId ?? "", String(form.get("name") ?? ""));
    if (!created.ok) return data<ActionResult>({ error: created.error }, { status: 400 });
    return data<ActionResult>({ created: { name: created.name, token: created.token } });
  }
  await revokeApiKey(database, user, params.orgId ?? "", String(form.get("keyId") ?? ""));
  return data<ActionResult>({});
}

export default function ApiKeysPage() {
  const { t, i18n } = useTranslation();
  const { organization, keys, apiBase } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  const en = language === "en";
  const example = `curl -H "Authorization: Bearer ${actionData?.created?.token ?? "tma_<prefix>_<secret>"}" \\\n  "${apiBase}7K3M9-QX2PD?name=${encodeURIComponent("张晓芳")}"`;
  return (
    <div className="space-y-6">
      <PageHeader title={t("verification.keys.title")}>
        <Link to={`/manage/organizations/${organization.id}`} className="link text-sm">
          {en ? organization.nameEn : organization.nameZh}
        </Link>
      </PageHeader>
      <p className="text-slate-700">{t("verification.keys.intro")}</p>

      {actionData?.created ? (
        <FormMessage tone="success">
          <p>{t("verification.keys.created", { name: actionData.created.name })}</p>
          <label htmlFor="new-key" className="mt-2 block font-medium">
            {t("verification.keys.createdLabel")}
          </label>
          <input id="new-key" readOnly value={actionData.created.token} className="input mt-1 font-mono text-sm" />
        </FormMessage>
      ) : null}

      <section className="card" aria-labelledby="keys-heading">
        <h2 id="keys-heading" className="text-lg font-semibold">
          {t("verification.keys.listTitle")}
        </h2>
        {keys.length === 0 ? (
          <p className="mt-2 text-slate-600">{t("verification.keys.none")}</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="border-b text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4">{t("verification.keys.name")}</th>
                  <th scope="col" className="py-2 pr-4">{t("verification.keys.prefix")}</th>
                  <th scope="col" className="py-2 pr-4">{t("verification.keys.createdAt")}</th>
                  <th scope="col" className="py-2 pr-4">{t("verification.keys.lastUsed")}</th>
                  <th scope="col" className="py-2 pr-4">{t("verification.keys.state")}</th>
                  <th scope="col" className="py-2 pr-4"><span className="sr-only">{t("verification.keys.revoke")}</span></th>
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id} className="border-b last:border-0">
                    <td className="py-2 pr-4">{k.name}</td>
                    <td className="py-2 pr-4 font-mono">tma_{k.prefix}_…</td>
                    <td className="py-2 pr-4 tabular-nums">{formatDateTime(k.createdAt, language)}</td>
                    <td className="py-2 pr-4 tabular-nums">{k.lastUsedAt ? formatDateTime(k.lastUsedAt, language) : t("verification.keys.neverUsed")}</td>
                    <td className="py-2 pr-4">
                      {k.revokedAt ? t("verification.keys.revokedAt", { date: formatDateTime(k.revokedAt, language) }) : t("verification.keys.active")}
                    </td>
                    <td className="py-2 pr-4">
                      {k.revokedAt ? null : (
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="keyId" value={k.id} />
                          <button type="submit" className="link" aria-label={t("verification.keys.revokeLabel", { name: k.name })}>
                            {t("verification.keys.revoke")}
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="create-heading">
        <h2 id="create-heading" className="text-lg font-semibold">
          {t("verification.keys.createTitle")}
        </h2>
        {/* A fresh form after each creation, so the name field starts empty again. */}
        <Form key={actionData?.created?.token ?? "create"} method="post" className="mt-3 space-y-3">
          <input type="hidden" name="intent" value="create" />
          <div>
            <label htmlFor="key-name" className="block text-sm font-medium text-slate-800">
              {t("verification.keys.name")}
            </label>
            <input
              id="key-name"
              name="name"
              required
              maxLength={100}
              aria-describedby={actionData?.error ? "key-name-hint key-name-error" : "key-name-hint"}
              aria-invalid={actionData?.error ? true : undefined}
              className="input mt-1 max-w-md"
            />
            <p id="key-name-hint" className="mt-1 text-sm text-slate-600">
              {t("verification.keys.nameHint")}
            </p>
            <ErrorList id="key-name-error" errors={actionData?.error ? [actionData.error] : null} />
          </div>
          <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
            {t("verification.keys.create")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="usage-heading">
        <h2 id="usage-heading" className="text-lg font-semibold">
          {t("verification.keys.usageTitle")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t("verification.keys.usageHint")}</p>
        <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
          <code>{example}</code>
        </pre>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
