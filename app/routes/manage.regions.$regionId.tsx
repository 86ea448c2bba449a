import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { AddStaffForm } from "~/components/staff-form";
import { useLocale } from "~/hooks/use-locale";
import {
  getRegion,
  can,
  isPlatformAdmin,
  listRegionAdmins,
  listVisibleOrganizations,
  requirePermission,
} from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { addStaffSchema } from "~/modules/orgs";
import { addStaffFromForm } from "~/utils/add-staff.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "region.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const region = await getRegion(database, user, params.regionId ?? "");
  const [centers, admins] = await Promise.all([
    listVisibleOrganizations(database, user, { regionId: region.id, kind: "training_center" }),
    listRegionAdmins(database, user, region.id),
  ]);
  return {
    region,
    centers,
    admins,
    canAddAdmin: isPlatformAdmin(user),
    // Electives are the region admins' own: platform admins add nothing to a region's catalog.
    canAddElectives: can(user, "author:electives", { regionId: region.id }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  const submission = parseWithZod(await request.formData(), { schema: addStaffSchema });
  return addStaffFromForm(request, user, { role: "region_admin", regionId: params.regionId }, submission);
}

export default function RegionPage() {
  const { t } = useTranslation();
  const { region, centers, admins, canAddAdmin, canAddElectives } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { en } = useLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={`${en ? region.nameEn : region.nameZh} · ${t("region.title")}`}>
        <Link to={`/manage/regions/${region.id}/dashboard`} className="btn-secondary">
          {t("dashboards.dashboardLink")}
        </Link>
        {canAddElectives ? (
          <Link to={`/manage/regions/${region.id}/electives`} className="btn-secondary">
            {t("electives.title")}
          </Link>
        ) : null}
      </PageHeader>
      <section className="card" aria-labelledby="centers-heading">
        <h2 id="centers-heading" className="text-lg font-semibold">
          {t("region.centers", { count: centers.length })}
        </h2>
        {centers.length === 0 ? (
          <p className="mt-2 text-slate-600">{t("region.noCenters")}</p>
        ) : (
          <ul className="mt-3 divide-y">
            {centers.map((c) => (
              <li key={c.id} className="py-2">
                <Link to={`/manage/organizations/${c.id}`} className="link">
                  {en ? c.nameEn : c.nameZh}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="admins-heading">
        <h2 id="admins-heading" className="text-lg font-semibold">
          {t("region.admins")}
        </h2>
        {admins.length === 0 ? (
          <p className="mt-2 text-slate-600">{t("region.noAdmins")}</p>
        ) : (
          <ul className="mt-3 divide-y">
            {admins.map((a) => (
              <li key={a.id} className="py-2">
                {a.name} <span className="text-sm text-slate-600">{a.email}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {canAddAdmin ? (
        <AddStaffForm heading={t("region.addAdmin")} lastResult={actionData?.result} added={actionData?.added} />
      ) : null}
    </div>
  );
}
