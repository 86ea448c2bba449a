import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { gradeEssay, gradingQueue } from "~/modules/exams/index.server";
import { getOrganization, requirePermission, updateGradingOptions } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { requireCenter } from "~/utils/center.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";
import { issueAfterGrading } from "~/workflows/certification.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "grading.title");

const points = z.coerce.number({ invalid_type_error: "validation.points.range" }).min(0, "validation.points.range");
const gradeSchema = z.object({
  intent: z.literal("grade"),
  attemptId: z.string().uuid(),
  item: z.coerce.number().int().min(0),
  part: z.coerce.number().int().min(0),
  // A rubric with criteria is scored per criterion (criteria[0], criteria[1] …); otherwise one total.
  points: points.optional(),
  criteria: z.array(points).optional(),
  comment: z.string().max(2000).default(""),
});
const optionsSchema = z.object({
  intent: z.literal("options"),
  anonymousMarking: z.boolean().default(false),
  secondMarking: z.boolean().default(false),
});
const actionSchema = z.discriminatedUnion("intent", [gradeSchema, optionsSchema]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const center = await getOrganization(database, user, params.orgId ?? "");
  const { anonymous, secondMarking, queue } = await gradingQueue(database, user, center.id);
  return { center: { id: center.id, nameZh: center.nameZh, nameEn: center.nameEn }, anonymous, secondMarking, queue };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, center } = await requireCenter(request, params.orgId);
  requirePermission(user, "manage:center", { centerId: center.id });
  const form = await request.formData();
  const database = await db();
  if (form.get("intent") === "options") {
    const submission = parseWithZod(form, { schema: optionsSchema });
    if (submission.status !== "success")
      return data({ ok: false as const, message: "grading.options.invalid", trainee: null }, { status: 400 });
    const { anonymousMarking, secondMarking } = submission.value;
    await updateGradingOptions(database, user, center.id, { anonymousMarking, secondMarking });
    return { ok: true as const, message: "grading.options.saved", trainee: null };
  }
  const submission = parseWithZod(form, { schema: actionSchema });
  // What a grader types that can be wrong is the points: the one line under the form says so.
  if (submission.status !== "success" || submission.value.intent !== "grade")
    return data({ ok: false as const, message: "validation.points.range", trainee: null }, { status: 400 });
  const { intent: _intent, ...input } = submission.value;
  const outcome = await gradeEssay(database, user, { centerId: center.id, ...input });
  if (!outcome.ok) return data({ ok: false as const, message: outcome.message, trainee: null }, { status: 400 });
  // A final pass may complete the level: its certificate is issued by the grader, once the grade is committed.
  await issueAfterGrading(database, outcome.graded, { issuedBy: user.id });
  return {
    ok: true as const,
    message: outcome.final ? "grading.final" : outcome.answerFinal ? "grading.saved" : "grading.waitingOthers",
    // Under anonymous marking the name is shown only now, once the grade is saved.
    trainee: outcome.trainee,
  };
}

type Entry = ReturnType<typeof useLoaderData<typeof loader>>["queue"][number];

function EssayForm({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof action>();
  const id = `${entry.attemptId}-${entry.item}-${entry.part}`;
  const max = entry.maxTenths / 10;
  return (
    <fetcher.Form method="post" className="space-y-3">
      <input type="hidden" name="intent" value="grade" />
      <input type="hidden" name="attemptId" value={entry.attemptId} />
      <input type="hidden" name="item" value={entry.item} />
      <input type="hidden" name="part" value={entry.part} />
      {entry.criteria.length ? (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">{t("grading.criteria", { max })}</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {entry.criteria.map((c, k) => (
              <div key={k}>
                <label htmlFor={`${id}-c${k}`} className="block text-sm">
                  {t("grading.criterionLabel", { name: c.name, max: c.pointsTenths / 10 })}
                </label>
                <input
                  id={`${id}-c${k}`}
                  name={`criteria[${k}]`}
                  type="number"
                  min={0}
                  max={c.pointsTenths / 10}
                  step={0.1}
                  required
                  className="input mt-1 w-28"
                />
              </div>
            ))}
          </div>
        </fieldset>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        {entry.criteria.length ? null : (
          <div>
            <label htmlFor={`${id}-points`} className="block text-sm font-medium">
              {t("grading.points", { max })}
            </label>
            <input
              id={`${id}-points`}
              name="points"
              type="number"
              min={0}
              max={max}
              step={0.5}
              required
              className="input mt-1 w-28"
            />
          </div>
        )}
        <div className="min-w-60 flex-1">
          <label htmlFor={`${id}-comment`} className="block text-sm font-medium">
            {t("grading.comment")}
          </label>
          <input id={`${id}-comment`} name="comment" maxLength={2000} className="input mt-1" />
        </div>
        <button type="submit" className="btn" disabled={fetcher.state !== "idle" || fetcher.data?.ok === true}>
          {t("grading.save")}
        </button>
      </div>
      {fetcher.data ? (
        <p
          role={fetcher.data.ok ? "status" : "alert"}
          className={`text-sm ${fetcher.data.ok ? "text-green-800" : "text-red-700"}`}
        >
          {t(fetcher.data.message)}
          {fetcher.data.ok && fetcher.data.trainee ? ` ${t("grading.revealed", { name: fetcher.data.trainee })}` : ""}
        </p>
      ) : null}
    </fetcher.Form>
  );
}

function OptionsForm({ anonymous, secondMarking }: { anonymous: boolean; secondMarking: boolean }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof action>();
  return (
    <details className="card">
      <summary className="cursor-pointer font-semibold">
        {t("grading.options.title")} ·{" "}
        <span className="font-normal text-slate-700">
          {t("grading.options.summary", {
            anonymous: t(anonymous ? "grading.options.on" : "grading.options.off"),
            second: t(secondMarking ? "grading.options.on" : "grading.options.off"),
          })}
        </span>
      </summary>
      <fetcher.Form method="post" className="mt-3 space-y-3">
        <input type="hidden" name="intent" value="options" />
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="anonymousMarking" defaultChecked={anonymous} className="mt-1" />
          <span>{t("grading.options.anonymous")}</span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            name="secondMarking"
            defaultChecked={secondMarking}
            className="mt-1"
            aria-describedby="second-marking-help"
          />
          <span>{t("grading.options.second")}</span>
        </label>
        <p id="second-marking-help" className="text-sm text-slate-700">
          {t("grading.options.secondHelp")}
        </p>
        <button type="submit" className="btn-secondary" disabled={fetcher.state !== "idle"}>
          {t("grading.options.save")}
        </button>
        {fetcher.data ? (
          <p role={fetcher.data.ok ? "status" : "alert"} className="text-sm">
            {t(fetcher.data.message)}
          </p>
        ) : null}
      </fetcher.Form>
    </details>
  );
}

export default function GradingPage() {
  const { t } = useTranslation();
  const { center, queue, anonymous, secondMarking } = useLoaderData<typeof loader>();
  const { en, language } = useLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={`${t("grading.title")} · ${en ? center.nameEn : center.nameZh}`}>
        <Link to={`/manage/organizations/${center.id}`} className="link text-sm">
          {t("staffLearn.back")}
        </Link>
      </PageHeader>
      <OptionsForm anonymous={anonymous} secondMarking={secondMarking} />
      {queue.length === 0 ? <p className="card text-slate-600">{t("grading.empty")}</p> : null}
      <ul className="space-y-4">
        {queue.map((entry) => (
          <li key={`${entry.attemptId}-${entry.item}-${entry.part}`} className="card space-y-3">
            <p className="text-sm text-slate-600">
              {entry.trainee ?? t("grading.candidate", { number: entry.candidateNumber })} ·{" "}
              {entry.closedAt ? formatDateTime(entry.closedAt, language) : ""} ·{" "}
              {t("grading.question", { n: entry.item + 1 })}
              {entry.round > 1 ? ` · ${t(entry.round === 2 ? "grading.round2" : "grading.round3")}` : ""}
            </p>
            {entry.scenario ? (
              <p className="whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-sm">{entry.scenario}</p>
            ) : null}
            <p className="font-medium">{entry.stem}</p>
            <div>
              <h3 className="text-sm font-semibold">{t("grading.response")}</h3>
              <p className="mt-1 whitespace-pre-wrap rounded-md border border-slate-200 p-3">
                {entry.response || t("grading.noResponse")}
              </p>
            </div>
            <details>
              <summary className="cursor-pointer text-sm font-semibold">{t("grading.rubric")}</summary>
              <p className="mt-1 whitespace-pre-wrap text-sm text-slate-700">{entry.rubric}</p>
            </details>
            <EssayForm entry={entry} />
          </li>
        ))}
      </ul>
    </div>
  );
}
