import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { achievementJsonLd, achievementOf } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";
import { publicUrl } from "~/utils/env.server";
import { notFound } from "~/utils/errors.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "certificates.achievement.title");

/**
 * The achievement every credential of a level names (its `achievement.id`). Public. People get the page
 * (criteria from the level rules); verifiers asking for JSON-LD get `jsonLd`, the Open Badges 3.0
 * Achievement, at the same URL (app/utils/linked-data.server.ts, called by entry.server.tsx).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const achievement = await achievementOf(await db(), params.level ?? "");
  if (!achievement) throw notFound();
  return data({ achievement, jsonLd: achievementJsonLd(publicUrl(), achievement) }, { headers: { Vary: "Accept" } });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export default function AchievementPage() {
  const { t } = useTranslation();
  const { language } = useLocale();
  const { achievement: a } = useLoaderData<typeof loader>();
  const text = (b: { zh: string; en: string }) => (language === "en" ? b.en : b.zh);
  const name = text(a.name);
  const badge = `/achievements/${a.slug}/badge`;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title={name} />
      <section className="card flex flex-col gap-6 sm:flex-row sm:items-start">
        <img
          src={`${badge}.svg`}
          alt={t("certificates.achievement.badgeAlt", { name })}
          width={160}
          height={160}
          className="shrink-0"
        />
        <div className="space-y-3">
          <p>{t("certificates.achievement.intro")}</p>
          <p className="text-sm text-slate-700">{t("certificates.achievement.validity", { years: a.validityYears })}</p>
          <p className="text-sm text-slate-700">
            {t("certificates.achievement.images")}{" "}
            <a className="link underline" href={`${badge}.svg`}>
              SVG
            </a>{" "}
            ·{" "}
            <a className="link underline" href={`${badge}.png`}>
              PNG
            </a>
          </p>
        </div>
      </section>
      <section className="card space-y-3" aria-labelledby="criteria">
        <h2 id="criteria" className="text-lg font-semibold">
          {t("certificates.achievement.criteria")}
        </h2>
        <ul className="list-disc space-y-1 pl-6">
          {a.criteria.map((c) => (
            <li key={c.en}>{text(c)}</li>
          ))}
        </ul>
      </section>
      <p className="text-sm text-slate-600">{t("certificates.achievement.machine")}</p>
    </div>
  );
}
