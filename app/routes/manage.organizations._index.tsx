import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { ErrorList, Field, FormMessage, PageHeader } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import {
  createOrganization,
  homePlaces,
  listRegions,
  listVisibleOrganizations,
  requirePermission,
} from "~/modules/orgs/index.server";
import { createOrganizationSchema } from "~/modules/orgs";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { forbidden } from "~/utils/errors.server";
import { replyWithFailure } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "organizations.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const places = homePlaces(user);
  const isStaff =
    places.platformAdmin || places.regionIds.length + places.centerIds.length + places.employerIds.length > 0;
  if (!isStaff) throw forbidden();
  const database = await db();
  const [organizations, regions] = await Promise.all([
    listVisibleOrganizations(database, user),
    places.platformAdmin ? listRegions(database) : Promise.resolve([]),
  ]);
  return { organizations, regions, canCreate: places.platformAdmin };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  const submission = parseWithZod(await request.formData(), { schema: createOrganizationSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), created: false }, { status: 400 });
  const outcome = await createOrganization(await db(), user, submission.value);
  if (!outcome.ok) return data({ result: replyWithFailure(submission, outcome), created: false }, { status: 400 });
  return { result: submission.reply({ resetForm: true }), created: true };
}

export default function OrganizationsPage() {
  const { t } = useTranslation();
  const { organizations, regions, canCreate } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof createOrganizationSchema>>({
    id: "create-organization",
    lastResult: actionData?.result,
  });
  const { en } = useLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={t("organizations.title")} />
      <section className="card overflow-x-auto" aria-labelledby="org-list">
        <h2 id="org-list" className="sr-only">
          {t("organizations.title")}
        </h2>
        <DataTable
          rows={organizations}
          rowKey={(o) => o.id}
          columns={[
            {
              header: t("fields.orgName"),
              cell: (o) => (
                <Link className="link" to={`/manage/organizations/${o.id}`}>
                  {en ? o.nameEn : o.nameZh}
                </Link>
              ),
            },
            { header: t("fields.kind"), cell: (o) => t(`orgKinds.${o.kind}`) },
            { header: t("fields.region"), cell: (o) => (en ? o.regionNameEn : o.regionNameZh) ?? "—" },
          ]}
        />
      </section>
      {canCreate ? (
        <section className="card max-w-xl" aria-labelledby="new-org">
          <h2 id="new-org" className="text-lg font-semibold">
            {t("organizations.create")}
          </h2>
          <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
            {actionData?.created ? <FormMessage tone="success">{t("organizations.created")}</FormMessage> : null}
            <div>
              <label htmlFor={fields.kind.id} className="block text-sm font-medium">
                {t("fields.kind")}
              </label>
              <select {...getSelectProps(fields.kind)} key={fields.kind.key} className="input mt-1">
                <option value="training_center">{t("orgKinds.training_center")}</option>
                <option value="employer">{t("orgKinds.employer")}</option>
              </select>
              <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
            </div>
            <div>
              <label htmlFor={fields.regionId.id} className="block text-sm font-medium">
                {t("fields.region")}
              </label>
              <select {...getSelectProps(fields.regionId)} key={fields.regionId.key} className="input mt-1">
                <option value="">{t("fields.choose")}</option>
                {regions.map((r) => (
                  <option key={r.id} value={r.id}>
                    {en ? r.nameEn : r.nameZh}
                  </option>
                ))}
              </select>
              <ErrorList id={fields.regionId.errorId} errors={fields.regionId.errors} />
            </div>
            <Field label={t("fields.nameZh")} field={fields.nameZh} />
            <Field label={t("fields.nameEn")} field={fields.nameEn} />
            <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
              {t("organizations.create")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
