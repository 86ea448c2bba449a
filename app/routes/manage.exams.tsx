import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { requirePermission } from "~/modules/orgs/index.server";
import { examOf, updateExamParameters } from "~/modules/exams/index.server";
import { loadLevels } from "~/modules/content/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "examSettings.title");

const int = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: "validation.examSettings.range" })
    .int("validation.examSettings.range")
    .min(min, "validation.examSettings.range")
    .max(max, "validation.examSettings.range");
const parametersSchema = z.object({
  levelSlug: z.string().max(32),
  durationMinutes: int(5, 600),
  passPercent: int(1, 100),
  attemptLimit: int(1, 20),
  waitHoursBetweenAttempts: int(0, 24 * 365),
  review: z.enum(["score", "answers_after_close"], { errorMap: () => ({ message: "validation.examSettings.range" }) }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  const database = await db();
  const levels = (await loadLevels(database)).filter((l) => l.config.exam);
  const exams = [];
  for (const level of levels) {
    const exam = await examOf(database, level.slug);
    exams.push({
      levelSlug: level.slug,
      nameZh: level.nameZh,
      nameEn: level.nameEn,
      exam,
      questions: exam.sections.reduce((n, s) => n + s.draw, 0),
    });
  }
  return { exams };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  const submission = parseWithZod(await request.formData(), { schema: parametersSchema });
  // One form per level, each answered with one message: every range problem reads the same.
  if (submission.status !== "success")
    return data({ levelSlug: null, message: "validation.examSettings.range", ok: false }, { status: 400 });
  const { levelSlug, ...parameters } = submission.value;
  await updateExamParameters(await db(), user, levelSlug, parameters);
  return { levelSlug, message: "examSettings.saved", ok: true };
}

export default function ExamSettingsPage() {
  const { t } = useTranslation();
  const { exams } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { en } = useLocale();
  const field = (id: string, label: string, name: string, value: number, min: number, max: number) => (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="number"
        min={min}
        max={max}
        defaultValue={value}
        required
        className="input mt-1"
      />
    </div>
  );
  return (
    <div className="space-y-6">
      <PageHeader title={t("examSettings.title")} />
      <p className="text-sm text-slate-600">{t("examSettings.hint")}</p>
      {actionData && !actionData.levelSlug ? <FormMessage>{t(actionData.message)}</FormMessage> : null}
      {exams.map(({ levelSlug, nameZh, nameEn, exam, questions }) => (
        <section key={levelSlug} className="card max-w-2xl" aria-labelledby={`exam-${levelSlug}`}>
          <h2 id={`exam-${levelSlug}`} className="text-lg font-semibold">
            {en ? nameEn : nameZh} · {t("exams.questions", { count: questions })}
          </h2>
          <Form method="post" className="mt-4 space-y-4">
            {actionData?.levelSlug === levelSlug ? (
              <FormMessage tone={actionData.ok ? "success" : "error"}>{t(actionData.message)}</FormMessage>
            ) : null}
            <input type="hidden" name="levelSlug" value={levelSlug} />
            <div className="grid gap-4 sm:grid-cols-2">
              {field(
                `${levelSlug}-duration`,
                t("examSettings.duration"),
                "durationMinutes",
                exam.durationMinutes,
                5,
                600,
              )}
              {field(`${levelSlug}-pass`, t("examSettings.passPercent"), "passPercent", exam.passPercent, 1, 100)}
              {field(`${levelSlug}-attempts`, t("examSettings.attemptLimit"), "attemptLimit", exam.attemptLimit, 1, 20)}
              {field(
                `${levelSlug}-wait`,
                t("examSettings.waitHours"),
                "waitHoursBetweenAttempts",
                exam.waitHoursBetweenAttempts,
                0,
                8760,
              )}
              <div>
                <label htmlFor={`${levelSlug}-review`} className="block text-sm font-medium">
                  {t("examSettings.review")}
                </label>
                <select id={`${levelSlug}-review`} name="review" defaultValue={exam.review} className="input mt-1">
                  <option value="score">{t("examSettings.reviewScore")}</option>
                  <option value="answers_after_close">{t("examSettings.reviewAnswers")}</option>
                </select>
              </div>
            </div>
            <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
              {t("examSettings.save")}
            </button>
          </Form>
        </section>
      ))}
    </div>
  );
}
