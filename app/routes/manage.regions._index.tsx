import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Field, FormMessage, PageHeader } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { createRegion, listRegions, requirePermission } from "~/modules/orgs/index.server";
import { createRegionSchema } from "~/modules/orgs";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { replyWithFailure } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "regions.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  return { regions: await listRegions(await db()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  const submission = parseWithZod(await request.formData(), { schema: createRegionSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), created: false }, { status: 400 });
  const outcome = await createRegion(await db(), user, submission.value);
  if (!outcome.ok) return data({ result: replyWithFailure(submission, outcome), created: false }, { status: 400 });
  return { result: submission.reply({ resetForm: true }), created: true };
}

export default function RegionsPage() {
  const { t } = useTranslation();
  const { regions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof createRegionSchema>>({
    id: "create-region",
    lastResult: actionData?.result,
  });
  const { en } = useLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={t("regions.title")} />
      <section className="card overflow-x-auto" aria-labelledby="regions-list">
        <h2 id="regions-list" className="sr-only">
          {t("regions.title")}
        </h2>
        <DataTable
          rows={regions}
          rowKey={(r) => r.id}
          columns={[
            { header: t("fields.regionCode"), cell: (r) => r.code, className: "font-mono" },
            {
              header: t("fields.orgName"),
              cell: (r) => (
                <Link className="link" to={`/manage/regions/${r.id}`}>
                  {en ? r.nameEn : r.nameZh}
                </Link>
              ),
            },
          ]}
        />
      </section>
      <section className="card max-w-xl" aria-labelledby="new-region">
        <h2 id="new-region" className="text-lg font-semibold">
          {t("regions.create")}
        </h2>
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
          {actionData?.created ? <FormMessage tone="success">{t("regions.created")}</FormMessage> : null}
          <Field label={t("fields.regionCode")} field={fields.code} hint={t("fields.regionCodeHint")} />
          <Field label={t("fields.nameZh")} field={fields.nameZh} />
          <Field label={t("fields.nameEn")} field={fields.nameEn} />
          <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
            {t("regions.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}
