import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Fragment } from "react";
import { PageHeader } from "~/components/forms";
import { LevelCard } from "~/components/level-card";
import { can, homePlaces, isPlatformAdmin } from "~/modules/orgs/index.server";
import { StaffHome } from "~/components/home/staff-home";
import { staffHome } from "~/workflows/staff-home.server";
import { studyTotals } from "~/modules/learning";
import { NextStepCard } from "~/components/next-step-card";
import { traineeJourney } from "~/workflows/trainee-journey.server";
import { getUser, requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { useRootData } from "~/hooks/use-root-data";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "home.title");

export async function loader({ request }: LoaderFunctionArgs) {
  // Who is signed in and their roles come from the root loader; a trainee also sees their path.
  const user = await getUser(request);
  // Someone the platform requires to have a second factor, and who has none, is sent to set one up first.
  if (user) await requireUser(request);
  // Center staff, region and platform admins see their places' key figures and pending work first.
  const places = user ? homePlaces(user) : null;
  const staff =
    user && places && (places.platformAdmin || places.centerIds.length || places.regionIds.length)
      ? await staffHome(await db(), user)
      : null;
  if (!user || !can(user, "study") || isPlatformAdmin(user)) return { path: null, staff };
  // The same facts that decide eligibility decide what the page says next (app/workflows/next-step.ts).
  const { overview, steps, next } = await traineeJourney(await db(), user.id);
  const progress = studyTotals(overview.levels.map((l) => l.status));
  return {
    staff,
    path: {
      levels: overview.levels.map(({ slug, nameZh, nameEn, status }) => ({ slug, nameZh, nameEn, status })),
      steps,
      next,
      progress,
    },
  };
}

const levels = ["junior", "intermediate", "senior"] as const;

function Landing() {
  const { t } = useTranslation();
  return (
    <div className="space-y-10">
      <section className="rounded-xl bg-brand-800 px-6 py-10 text-white sm:px-10">
        <h1 className="text-3xl font-semibold sm:text-4xl">{t("home.heroTitle")}</h1>
        <p className="mt-4 max-w-2xl text-brand-100">{t("home.heroText")}</p>
        <div className="mt-6 flex flex-wrap gap-3">
          <Link to="/signup" className="btn bg-white text-brand-800 hover:bg-brand-50">
            {t("home.ctaSignup")}
          </Link>
          <Link to="/login" className="btn-secondary">
            {t("home.ctaLogin")}
          </Link>
        </div>
      </section>
      <section aria-labelledby="levels-heading">
        <h2 id="levels-heading" className="text-xl font-semibold">
          {t("home.levelsTitle")}
        </h2>
        <ul className="mt-4 grid gap-4 sm:grid-cols-3">
          {levels.map((level) => (
            <li key={level} className="card">
              <h3 className="text-lg font-semibold text-brand-800">{t(`levels.${level}`)}</h3>
              <p className="mt-2 text-sm text-slate-700">{t(`home.level.${level}`)}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="who-heading">
        <h2 id="who-heading" className="text-xl font-semibold">
          {t("home.whoTitle")}
        </h2>
        <ul className="mt-4 grid gap-4 sm:grid-cols-3">
          {(["trainees", "centers", "employers"] as const).map((who) => (
            <li key={who} className="card">
              <h3 className="font-semibold">{t(`home.who.${who}.title`)}</h3>
              <p className="mt-2 text-sm text-slate-700">{t(`home.who.${who}.text`)}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function DashboardCard({ to, title, text }: { to: string; title: string; text: string }) {
  return (
    <li>
      <Link to={to} className="card block h-full hover:border-brand-600">
        <h2 className="font-semibold text-brand-800">{title}</h2>
        <p className="mt-2 text-sm text-slate-700">{text}</p>
      </Link>
    </li>
  );
}

function Dashboard() {
  const { t } = useTranslation();
  const user = useRootData()?.user;
  const { path, staff } = useLoaderData<typeof loader>();
  if (!user) return null;
  const { places } = user;
  return (
    <div>
      <PageHeader title={t("home.welcome", { name: user.name })} />
      {staff ? <StaffHome data={staff} /> : null}
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {places.platformAdmin ? (
          <>
            <DashboardCard to="/manage/regions" title={t("nav.regions")} text={t("home.cards.regions")} />
            <DashboardCard
              to="/manage/organizations"
              title={t("nav.organizations")}
              text={t("home.cards.organizations")}
            />
            <DashboardCard to="/manage/audit" title={t("nav.audit")} text={t("home.cards.audit")} />
            <DashboardCard to="/manage/outbox" title={t("nav.outbox")} text={t("home.cards.outbox")} />
          </>
        ) : null}
        {places.regionIds.map((id) => (
          <DashboardCard
            key={id}
            to={`/manage/regions/${id}`}
            title={t("nav.myRegion")}
            text={t("home.cards.region")}
          />
        ))}
        {places.centerIds.map((id) => (
          <DashboardCard
            key={id}
            to={`/manage/organizations/${id}`}
            title={t("nav.myCenter")}
            text={t("home.cards.center")}
          />
        ))}
        {places.employerIds.map((id) => (
          <Fragment key={id}>
            <DashboardCard
              to={`/manage/organizations/${id}`}
              title={t("nav.myEmployer")}
              text={t("home.cards.employer")}
            />
            <DashboardCard to="/verify" title={t("home.cards.verifyTitle")} text={t("home.cards.verify")} />
            <DashboardCard
              to={`/manage/organizations/${id}/verify-bulk`}
              title={t("home.cards.bulkTitle")}
              text={t("home.cards.bulk")}
            />
            <DashboardCard
              to={`/manage/organizations/${id}/api-keys`}
              title={t("home.cards.keysTitle")}
              text={t("home.cards.keys")}
            />
            <DashboardCard to="/api-docs" title={t("home.cards.docsTitle")} text={t("home.cards.docs")} />
          </Fragment>
        ))}
        {path ? (
          <li className="sm:col-span-2 lg:col-span-3">
            <section aria-labelledby="path-heading" className="space-y-3">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <h2 id="path-heading" className="text-lg font-semibold">
                  <Link to="/learn" className="hover:underline">
                    {t("home.path.title")}
                  </Link>
                </h2>
                <p className="text-sm text-slate-700" data-testid="home-progress">
                  {t("journey.progress", {
                    lessons: path.progress.lessons,
                    total: path.progress.total,
                    hours: path.progress.hours.toFixed(1),
                  })}
                </p>
              </div>
              {path.next ? (
                <NextStepCard
                  step={path.next}
                  levels={path.levels}
                  headingId="next-step-heading"
                  heading={t("journey.heading")}
                />
              ) : null}
              <ol className="grid gap-4 md:grid-cols-3">
                {path.levels.map((level, i) => (
                  <li key={level.slug}>
                    <LevelCard level={level} levels={path.levels} step={i + 1} next={path.steps[level.slug]} />
                  </li>
                ))}
              </ol>
            </section>
          </li>
        ) : null}
        <DashboardCard to="/account" title={t("nav.account")} text={t("home.cards.account")} />
      </ul>
    </div>
  );
}

export default function Index() {
  const user = useRootData()?.user;
  return user ? <Dashboard /> : <Landing />;
}
