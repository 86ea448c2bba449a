import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestLanguage, translator } from "~/i18n/i18n.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";
import { collectPersonalData, personalDataHtml } from "~/workflows/personal-data.server";

const SECTIONS = [
  "title",
  "account",
  "memberships",
  "traineeProfile",
  "transfers",
  "cohorts",
  "classroomAttendance",
  "enrolments",
  "lessonProgress",
  "priorQualifications",
  "examAttempts",
  "examAnswers",
  "accommodations",
  "certificates",
  "continuingEducation",
  "holderPhotos",
  "holderIdNumber",
  "portfolioCases",
  "defences",
  "notifications",
  "consents",
  "requests",
  "sessions",
  "signInAttempts",
  "auditEntries",
] as const;

// The same data as the JSON download, as a readable, printable page the person keeps (no scripts).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const data = await collectPersonalData(await db(), user.id);
  if (!data) throw notFound();
  const language = await requestLanguage(request);
  const t = await translator(language);
  const headings = Object.fromEntries(SECTIONS.map((k) => [k, t(`privacy.export.${k}`)]));
  return new Response(personalDataHtml(data, headings, language), {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Disposition": `attachment; filename="tm-academy-my-data.html"`,
      "Cache-Control": "no-store",
      // Served as a download, but if opened in place it may run nothing and load nothing.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
