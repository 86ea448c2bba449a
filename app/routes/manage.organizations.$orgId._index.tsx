import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { AddStaffForm } from "~/components/staff-form";
import { formatDateTime, isLanguage } from "~/i18n/config";
import { requestLanguage } from "~/i18n/i18n.server";
import { isPlatformAdmin, requirePermission } from "~/modules/auth/permissions.server";
import { addStaffSchema } from "~/modules/orgs/schemas";
import { addStaffMember, getOrganization, listStaff } from "~/modules/orgs/service.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { fieldErrorsOf } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";
import { appUrl } from "~/utils/request.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "organization.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const organization = await getOrganization(database, user, params.orgId ?? "");
  const staff = await listStaff(database, user, organization.id);
  return { organization, staff, canAddStaff: isPlatformAdmin(user) && organization.kind !== "certification_body" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  const database = await db();
  const organization = await getOrganization(database, user, params.orgId ?? "");
  const submission = parseWithZod(await request.formData(), { schema: addStaffSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), added: false }, { status: 400 });
  const outcome = await addStaffMember(database, user, {
    ...submission.value,
    role: organization.kind === "employer" ? "employer" : "center_staff",
    organizationId: organization.id,
    locale: await requestLanguage(request),
    appUrl: appUrl(request),
  });
  if (!outcome.ok)
    return data(
      { result: submission.reply({ fieldErrors: fieldErrorsOf(outcome) }), added: false },
      { status: 400 },
    );
  return { result: submission.reply({ resetForm: true }), added: true };
}

export default function OrganizationPage() {
  const { t, i18n } = useTranslation();
  const { organization: org, staff, canAddStaff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const en = i18n.language === "en";
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  return (
    <div className="space-y-6">
      <PageHeader title={en ? org.nameEn : org.nameZh}>
        <p className="text-sm text-slate-600">
          {t(`orgKinds.${org.kind}`)}
          {org.regionCode ? ` · ${en ? org.regionNameEn : org.regionNameZh}` : ""}
        </p>
      </PageHeader>
      <section className="card" aria-labelledby="staff-heading">
        <h2 id="staff-heading" className="text-lg font-semibold">
          {org.kind === "employer" ? t("organization.employerStaff") : t("organization.staff")}
        </h2>
        {staff.length === 0 ? (
          <p className="mt-2 text-slate-600">{t("organization.noStaff")}</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="border-b text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4">{t("fields.name")}</th>
                  <th scope="col" className="py-2 pr-4">{t("fields.email")}</th>
                  <th scope="col" className="py-2 pr-4">{t("organization.since")}</th>
                </tr>
              </thead>
              <tbody>
                {staff.map((s) => (
                  <tr key={s.id} className="border-b last:border-0">
                    <td className="py-2 pr-4">{s.name}</td>
                    <td className="py-2 pr-4">{s.email ?? "—"}</td>
                    <td className="py-2 pr-4">{formatDateTime(s.since, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {org.kind === "training_center" ? (
        <section className="card" aria-labelledby="trainees-heading">
          <h2 id="trainees-heading" className="text-lg font-semibold">
            {t("organization.trainees")}
          </h2>
          <p className="mt-2 text-slate-600">{t("organization.noTrainees")}</p>
        </section>
      ) : null}
      {canAddStaff ? (
        <AddStaffForm
          heading={org.kind === "employer" ? t("organization.addEmployerStaff") : t("organization.addStaff")}
          lastResult={actionData?.result}
          added={actionData?.added}
        />
      ) : null}
    </div>
  );
}
