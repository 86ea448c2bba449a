import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { ProgressBar } from "~/components/progress";
import { AddStaffForm } from "~/components/staff-form";
import { formatDateTime, isLanguage } from "~/i18n/config";
import { can, isPlatformAdmin, requirePermission } from "~/modules/auth/index.server";
import { centerTrainees } from "~/modules/learning/index.server";
import { getOrganization, listStaff } from "~/modules/orgs/index.server";
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
      ? centerTrainees(database, user, { id: organization.id, regionId: organization.regionId })
      : Promise.resolve(null),
  ]);
  return {
    organization,
    staff,
    learning,
    canGrade: can(user, "manage:center", { centerId: organization.id }),
    canAddStaff: isPlatformAdmin(user) && organization.kind !== "certification_body",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  const database = await db();
  const organization = await getOrganization(database, user, params.orgId ?? "");
  return addStaffFromForm(request, user, {
    role: organization.kind === "employer" ? "employer" : "center_staff",
    organizationId: organization.id,
  });
}

export default function OrganizationPage() {
  const { t, i18n } = useTranslation();
  const { organization: org, staff, learning, canGrade, canAddStaff } = useLoaderData<typeof loader>();
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
        <p>
          <Link to={`/manage/organizations/${org.id}/dashboard`} className="btn-secondary">
            {t("dashboards.dashboardLink")}
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
      {learning ? (
        <section className="card" aria-labelledby="trainees-heading">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="trainees-heading" className="text-lg font-semibold">
              {t("staffLearn.heading")}
            </h2>
            {canGrade ? (
              <div className="flex flex-wrap gap-2">
                <Link to={`/manage/organizations/${org.id}/cohorts`} className="btn-secondary">
                  {t("cohorts.title")}
                </Link>
                <Link to={`/manage/organizations/${org.id}/import`} className="btn-secondary">
                  {t("enrolment.title")}
                </Link>
                <Link to={`/manage/organizations/${org.id}/password-links`} className="btn-secondary">
                  {t("enrolment.passwordless.link")}
                </Link>
                <Link to={`/manage/organizations/${org.id}/exam-sessions`} className="btn-secondary">
                  {t("sessions.title")}
                </Link>
                <Link to={`/manage/organizations/${org.id}/portfolio`} className="btn-secondary">
                  {t("portfolio.review.title")}
                </Link>
                <Link to={`/manage/organizations/${org.id}/grading`} className="btn-secondary">
                  {t("grading.link")}
                </Link>
                <Link to={`/manage/exam-stats?center=${org.id}`} className="btn-secondary">
                  {t("nav.examStats")}
                </Link>
              </div>
            ) : null}
          </div>
          {learning.total > learning.trainees.length ? (
            <p className="mt-2 text-sm text-slate-600">
              {t("staffLearn.recentOf", { shown: learning.trainees.length, total: learning.total })}{" "}
              <Link className="link underline" to={`/manage/organizations/${org.id}/dashboard`}>
                {t("staffLearn.seeAll")}
              </Link>
            </p>
          ) : null}
          {learning.trainees.length === 0 ? (
            <p className="mt-2 text-slate-600">{t("staffLearn.empty")}</p>
          ) : (
            <div className="mt-3 overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="border-b text-slate-600">
                  <tr>
                    <th scope="col" className="py-2 pr-4">{t("staffLearn.trainee")}</th>
                    <th scope="col" className="py-2 pr-4">{t("staffLearn.contact")}</th>
                    {learning.levels.map((level) => (
                      <th key={level.slug} scope="col" className="py-2 pr-4">
                        {en ? level.nameEn : level.nameZh}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {learning.trainees.map((trainee) => (
                    <tr key={trainee.id} className="border-b align-top last:border-0">
                      <td className="py-2 pr-4">
                        <Link className="link" to={`/manage/organizations/${org.id}/trainees/${trainee.id}`}>
                          {trainee.name}
                        </Link>
                      </td>
                      <td className="py-2 pr-4">{trainee.email ?? trainee.phone}</td>
                      {trainee.levels.map((status) => (
                        <td key={status.slug} className="min-w-36 py-2 pr-4">
                          {status.held ? (
                            <span className="text-green-800">{t("learn.certificateHeld")}</span>
                          ) : (
                            <ProgressBar
                              label={t("learn.lessonsDone")}
                              done={status.lessonsCompleted}
                              total={status.lessonsTotal}
                              detail={`${status.lessonsCompleted}/${status.lessonsTotal} · ${status.hours} h`}
                            />
                          )}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
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
