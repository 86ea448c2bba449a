import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, FormMessage, PageHeader } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { createApiKey, employerOrganization, listApiKeys, revokeApiKey } from "~/modules/verification/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";
import { replyWithFailure } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";
import { appUrl } from "~/utils/request.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "verification.keys.title");

// The response to a creation carries the full key once: no cache may keep it.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

// The name is checked by createApiKey (its messages); anything but these two intents is not this page's.
const apiKeyFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string().default("") }),
  z.object({ intent: z.literal("revoke"), keyId: z.string().default("") }),
]);

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

type ActionResult = { created?: { name: string; token: string }; result?: SubmissionResult<string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const submission = parseWithZod(await request.formData(), { schema: apiKeyFormSchema });
  if (submission.status !== "success") throw notFound();
  const value = submission.value;
  if (value.intent === "create") {
    const created = await createApiKey(database, user, params.orgId ?? "", value.name);
    if (!created.ok) return data<ActionResult>({ result: replyWithFailure(submission, created) }, { status: 400 });
    return data<ActionResult>({ created: { name: created.name, token: created.token } });
  }
  await revokeApiKey(database, user, params.orgId ?? "", value.keyId);
  return data<ActionResult>({});
}

export default function ApiKeysPage() {
  const { t } = useTranslation();
  const { organization, keys, apiBase } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof apiKeyFormSchema>>({
    id: "create-key",
    lastResult: actionData?.result,
  });
  // Only the reply of a refused creation carries errors; a created key clears them.
  const nameErrors = actionData?.result ? fields.name.errors : undefined;
  const { en, language } = useLocale();
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
        <DataTable
          rows={keys}
          rowKey={(k) => k.id}
          empty={<p className="mt-2 text-slate-600">{t("verification.keys.none")}</p>}
          className="mt-3"
          columns={[
            { header: t("verification.keys.name"), cell: (k) => k.name },
            { header: t("verification.keys.prefix"), cell: (k) => `tma_${k.prefix}_…`, className: "font-mono" },
            {
              header: t("verification.keys.createdAt"),
              cell: (k) => formatDateTime(k.createdAt, language),
              className: "tabular-nums",
            },
            {
              header: t("verification.keys.lastUsed"),
              cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt, language) : t("verification.keys.neverUsed")),
              className: "tabular-nums",
            },
            {
              header: t("verification.keys.state"),
              cell: (k) =>
                k.revokedAt
                  ? t("verification.keys.revokedAt", { date: formatDateTime(k.revokedAt, language) })
                  : t("verification.keys.active"),
            },
            {
              header: <span className="sr-only">{t("verification.keys.revoke")}</span>,
              cell: (k) =>
                k.revokedAt ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="keyId" value={k.id} />
                    <button
                      type="submit"
                      className="link"
                      aria-label={t("verification.keys.revokeLabel", { name: k.name })}
                    >
                      {t("verification.keys.revoke")}
                    </button>
                  </Form>
                ),
            },
          ]}
        />
      </section>

      <section className="card" aria-labelledby="create-heading">
        <h2 id="create-heading" className="text-lg font-semibold">
          {t("verification.keys.createTitle")}
        </h2>
        {/* A fresh form after each creation, so the name field starts empty again. */}
        {/* No getFormProps: the browser's own `required` check stays, as before. */}
        <Form key={actionData?.created?.token ?? "create"} method="post" id={form.id} className="mt-3 space-y-3">
          <input type="hidden" name="intent" value="create" />
          <div>
            <label htmlFor={fields.name.id} className="block text-sm font-medium text-slate-800">
              {t("verification.keys.name")}
            </label>
            <input
              id={fields.name.id}
              name={fields.name.name}
              required
              maxLength={100}
              aria-describedby={nameErrors ? `key-name-hint ${fields.name.errorId}` : "key-name-hint"}
              aria-invalid={nameErrors ? true : undefined}
              className="input mt-1 max-w-md"
            />
            <p id="key-name-hint" className="mt-1 text-sm text-slate-600">
              {t("verification.keys.nameHint")}
            </p>
            <ErrorList id={fields.name.errorId} errors={nameErrors} />
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
        <p className="mt-1 text-sm text-slate-600">
          {t("verification.keys.usageHint")}{" "}
          <Link className="link underline" to="/api-docs">
            {t("verification.keys.docsLink")}
          </Link>
        </p>
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
