import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { useRootData } from "~/root";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "home.title");

export async function loader(_: LoaderFunctionArgs) {
  // Everything this page needs (who is signed in, their roles) comes from the root loader.
  return null;
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
  if (!user) return null;
  const { places } = user;
  return (
    <div>
      <PageHeader title={t("home.welcome", { name: user.name })} />
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {places.platformAdmin ? (
          <>
            <DashboardCard to="/manage/regions" title={t("nav.regions")} text={t("home.cards.regions")} />
            <DashboardCard to="/manage/organizations" title={t("nav.organizations")} text={t("home.cards.organizations")} />
            <DashboardCard to="/manage/audit" title={t("nav.audit")} text={t("home.cards.audit")} />
            <DashboardCard to="/manage/outbox" title={t("nav.outbox")} text={t("home.cards.outbox")} />
          </>
        ) : null}
        {places.regionIds.map((id) => (
          <DashboardCard key={id} to={`/manage/regions/${id}`} title={t("nav.myRegion")} text={t("home.cards.region")} />
        ))}
        {places.centerIds.map((id) => (
          <DashboardCard key={id} to={`/manage/organizations/${id}`} title={t("nav.myCenter")} text={t("home.cards.center")} />
        ))}
        {places.employerIds.map((id) => (
          <DashboardCard key={id} to={`/manage/organizations/${id}`} title={t("nav.myEmployer")} text={t("home.cards.employer")} />
        ))}
        {places.trainee ? (
          <li className="card sm:col-span-2 lg:col-span-3">
            <h2 className="font-semibold text-brand-800">{t("home.path.title")}</h2>
            <ol className="mt-3 grid gap-3 sm:grid-cols-3">
              {levels.map((level, i) => (
                <li key={level} className="rounded-md border border-slate-200 p-3">
                  <p className="text-sm text-slate-600">{t("home.path.step", { n: i + 1 })}</p>
                  <p className="font-semibold">{t(`levels.${level}`)}</p>
                  <p className="mt-1 text-sm text-slate-700">{t(`home.level.${level}`)}</p>
                </li>
              ))}
            </ol>
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
