import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { AddStaffForm } from "~/components/staff-form";
import { StaffSection } from "~/components/organization/staff-section";
import { CenterTraineesSection } from "~/components/organization/center-trainees-section";
import { useLocale } from "~/hooks/use-locale";
import { can, getOrganization, isPlatformAdmin, listStaff, requirePermission } from "~/modules/orgs/index.server";
import { heldLevelsOfMany } from "~/modules/certificates/index.server";
import { centerTrainees } from "~/modules/learning/index.server";
import { addContentStaffSchema, addStaffSchema, CONTENT_ROLES } from "~/modules/orgs";
import { addStaffFromForm } from "~/utils/add-staff.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "organization.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const organization = await getOrganization(database, user, params.orgId ?? "");
  const [staff, learning] = await Promise.all([
    listStaff(database, user, organization.id),
    organization.kind === "training_center"
      ? centerTrainees(database, user, { id: organization.id, regionId: organization.regionId }, (ids) =>
          heldLevelsOfMany(database, ids),
        )
      : Promise.resolve(null),
  ]);
  return {
    organization,
    staff,
    learning,
    canGrade: can(user, "manage:center", { centerId: organization.id }),
    // The certification body's staff are its content editors and reviewers.
    canAddStaff: isPlatformAdmin(user),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  const database = await db();
  const organization = await getOrganization(database, user, params.orgId ?? "");
  const form = await request.formData();
  if (organization.kind === "certification_body") {
    const submission = parseWithZod(form, { schema: addContentStaffSchema });
    const role = submission.status === "success" ? submission.value.role : "content_editor";
    return addStaffFromForm(request, user, { role, organizationId: organization.id }, submission);
  }
  const submission = parseWithZod(form, { schema: addStaffSchema });
  return addStaffFromForm(
    request,
    user,
    { role: organization.kind === "employer" ? "employer" : "center_staff", organizationId: organization.id },
    submission,
  );
}

export default function OrganizationPage() {
  const { t } = useTranslation();
  const { organization: org, staff, learning, canGrade, canAddStaff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { en } = useLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={en ? org.nameEn : org.nameZh}>
        <p className="text-sm text-slate-600">
          {t(`orgKinds.${org.kind}`)}
          {org.regionCode ? ` · ${en ? org.regionNameEn : org.regionNameZh}` : ""}
        </p>
      </PageHeader>
      <StaffSection employer={org.kind === "employer"} staff={staff} />
      {org.kind === "training_center" ? (
        <p className="flex flex-wrap gap-3">
          <Link to={`/manage/organizations/${org.id}/dashboard`} className="btn-secondary">
            {t("dashboards.dashboardLink")}
          </Link>
          <Link to={`/manage/organizations/${org.id}/electives`} className="btn-secondary">
            {t("electives.title")}
          </Link>
          {canGrade ? (
            <Link to={`/manage/organizations/${org.id}/certificate-branding`} className="btn-secondary">
              {t("branding.link")}
            </Link>
          ) : null}
          {canGrade ? (
            <Link to={`/manage/organizations/${org.id}/holder-photos`} className="btn-secondary">
              {t("holderIdentity.queue.link")}
            </Link>
          ) : null}
        </p>
      ) : null}
      {org.kind === "certification_body" && canAddStaff ? (
        <p>
          <Link to={`/manage/organizations/${org.id}/certificate-branding`} className="btn-secondary">
            {t("branding.link")}
          </Link>
        </p>
      ) : null}
      {org.kind === "employer" ? (
        <section className="card flex flex-wrap gap-3" aria-label={t("nav.verify")}>
          <Link to={`/manage/organizations/${org.id}/verify-bulk`} className="btn-secondary">
            {t("verification.bulk.title")}
          </Link>
          <Link to={`/manage/organizations/${org.id}/api-keys`} className="btn-secondary">
            {t("verification.keys.title")}
          </Link>
        </section>
      ) : null}
      {learning ? <CenterTraineesSection orgId={org.id} learning={learning} canGrade={canGrade} /> : null}
      {canAddStaff ? (
        <AddStaffForm
          heading={org.kind === "employer" ? t("organization.addEmployerStaff") : t("organization.addStaff")}
          roles={org.kind === "certification_body" ? CONTENT_ROLES : undefined}
          lastResult={actionData?.result}
          added={actionData?.added}
        />
      ) : null}
    </div>
  );
}
