import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { PhoneMenu } from "./phone-menu";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useRootData } from "~/hooks/use-root-data";
import { NotificationsLink } from "./notifications-link";

function navClass({ isActive }: { isActive: boolean }) {
  return `block rounded-md px-3 py-2 text-sm font-medium ${
    isActive ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100"
  }`;
}

function Navigation() {
  const { t } = useTranslation();
  const data = useRootData();
  const places = data?.user?.places;
  if (!places) return null;
  const items: { to: string; label: string }[] = [{ to: "/", label: t("nav.home") }];
  if (places.trainee)
    items.push(
      { to: "/learn", label: t("nav.learn") },
      { to: "/exams", label: t("nav.exams") },
      { to: "/portfolio", label: t("nav.portfolio") },
      { to: "/certificates", label: t("nav.certificates") },
    );
  if (places.platformAdmin) {
    items.push(
      { to: "/manage/regions", label: t("nav.regions") },
      { to: "/manage/organizations", label: t("nav.organizations") },
      { to: "/manage/content", label: t("nav.content") },
      { to: "/manage/content/questions", label: t("authoring.nav") },
      { to: "/manage/exams", label: t("nav.examSettings") },
      { to: "/manage/exam-stats", label: t("nav.examStats") },
      { to: "/manage/certificates", label: t("nav.certificateAdmin") },
      { to: "/manage/statistics", label: t("nav.statistics") },
      { to: "/manage/audit", label: t("nav.audit") },
      { to: "/manage/outbox", label: t("nav.outbox") },
      { to: "/manage/jobs", label: t("jobs.nav") },
      { to: "/manage/privacy-requests", label: t("privacy.navRequests") },
    );
  }
  // Content editors and reviewers of the certification body: the question bank and its changes.
  if (!places.platformAdmin && places.content) {
    items.push({ to: "/manage/content/questions", label: t("authoring.nav") });
    if (places.contentReviewer) items.push({ to: "/manage/exam-stats", label: t("nav.examStats") });
  }
  if (!places.platformAdmin && (places.regionIds.length || places.centerIds.length))
    items.push({ to: "/manage/statistics", label: t("nav.statistics") });
  for (const id of places.regionIds) items.push({ to: `/manage/regions/${id}`, label: t("nav.myRegion") });
  for (const id of places.centerIds) items.push({ to: `/manage/organizations/${id}`, label: t("nav.myCenter") });
  for (const id of places.employerIds) items.push({ to: `/manage/organizations/${id}`, label: t("nav.myEmployer") });
  items.push({ to: "/account", label: t("nav.account") }, { to: "/account/data", label: t("privacy.navData") });
  return (
    <ul className="flex flex-col gap-1 md:flex-row md:items-center">
      {items.map((item) => (
        <li key={item.to}>
          <NavLink to={item.to} end={item.to === "/"} className={navClass} prefetch="intent">
            {item.label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

function LanguageSwitch() {
  const { t } = useTranslation();
  const data = useRootData();
  const location = useLocation();
  const other = data?.language === "en" ? "zh-CN" : "en";
  return (
    <Form method="post" action="/set-language" className="inline">
      <input type="hidden" name="language" value={other} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button
        type="submit"
        className="btn-secondary px-3 py-1.5"
        lang={other}
        aria-label={t("nav.switchLanguageLabel")}
      >
        {t("nav.switchLanguage")}
      </button>
    </Form>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const data = useRootData();
  const user = data?.user;
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2"
      >
        {t("nav.skipToContent")}
      </a>
      {/* On a phone the header is one row (logo, menu); signed in, everything else is in the menu. */}
      <header className="relative border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-3 gap-y-2 px-4 py-2 md:py-3">
          <Link to="/" className="flex items-center gap-2 text-brand-800">
            <img src="/favicon.svg" alt="" width={32} height={32} />
            <span className={`text-lg font-semibold ${user ? "sr-only sm:not-sr-only" : ""}`}>{t("app.name")}</span>
          </Link>
          {user ? <NotificationsLink /> : null}
          <div className={`items-center gap-2 ${user ? "hidden md:flex" : "flex"}`}>
            <Link to="/verify" className="link px-2 text-sm">
              {t("nav.verify")}
            </Link>
            <LanguageSwitch />
            {user ? (
              <Form method="post" action="/logout">
                <button type="submit" className="btn-secondary px-3 py-1.5">
                  {t("nav.signOut")}
                </button>
              </Form>
            ) : (
              <Link to="/login" className="btn px-3 py-1.5">
                {t("nav.signIn")}
              </Link>
            )}
          </div>
          {user ? (
            <nav aria-label={t("nav.main")} className="md:w-full">
              <PhoneMenu summary={t("nav.menu")}>
                <p className="pt-3 text-sm text-slate-600">{user.name}</p>
                <Navigation />
                <div className="mt-3 flex flex-wrap items-center gap-2 border-t border-slate-200 pt-3">
                  <Link to="/verify" className="link px-2 text-sm">
                    {t("nav.verify")}
                  </Link>
                  <LanguageSwitch />
                  <Form method="post" action="/logout">
                    <button type="submit" className="btn-secondary px-3 py-1.5">
                      {t("nav.signOut")}
                    </button>
                  </Form>
                </div>
              </PhoneMenu>
              <div className="hidden md:block">
                <Navigation />
              </div>
            </nav>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="outline-none mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:py-8">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap justify-between gap-2 px-4 py-4 text-sm text-slate-600">
          <span>{t("app.footer")}</span>
          <Link to="/privacy" className="link">
            {t("privacy.title")}
          </Link>
        </div>
      </footer>
    </div>
  );
}
