import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { gradeEssay, gradingQueue } from "~/modules/exams/index.server";
import { getOrganization, requirePermission } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { requireCenter } from "~/utils/center.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";
import { issueAfterGrading } from "~/workflows/certification.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "grading.title");

const gradeSchema = z.object({
  attemptId: z.string().uuid(),
  item: z.coerce.number().int().min(0),
  part: z.coerce.number().int().min(0),
  points: z.coerce.number({ invalid_type_error: "validation.points.range" }).min(0, "validation.points.range"),
  comment: z.string().max(2000).default(""),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const center = await getOrganization(database, user, params.orgId ?? "");
  return {
    center: { id: center.id, nameZh: center.nameZh, nameEn: center.nameEn },
    queue: await gradingQueue(database, user, center.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, center } = await requireCenter(request, params.orgId);
  requirePermission(user, "manage:center", { centerId: center.id });
  const submission = parseWithZod(await request.formData(), { schema: gradeSchema });
  // The one field a grader types that can be wrong is the points: the one line under the form says so.
  if (submission.status !== "success")
    return data({ ok: false as const, message: "validation.points.range" }, { status: 400 });
  const database = await db();
  const outcome = await gradeEssay(database, user, { centerId: center.id, ...submission.value });
  if (!outcome.ok) return data({ ok: false as const, message: outcome.message }, { status: 400 });
  // A final pass may complete the level: its certificate is issued by the grader, once the grade is committed.
  await issueAfterGrading(database, outcome.graded, { issuedBy: user.id });
  return { ok: true as const, message: outcome.final ? "grading.final" : "grading.saved" };
}

function EssayForm({ entry }: { entry: ReturnType<typeof useLoaderData<typeof loader>>["queue"][number] }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof action>();
  const id = `${entry.attemptId}-${entry.item}-${entry.part}`;
  return (
    <fetcher.Form method="post" className="space-y-3">
      <input type="hidden" name="attemptId" value={entry.attemptId} />
      <input type="hidden" name="item" value={entry.item} />
      <input type="hidden" name="part" value={entry.part} />
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={`${id}-points`} className="block text-sm font-medium">
            {t("grading.points", { max: entry.maxTenths / 10 })}
          </label>
          <input
            id={`${id}-points`}
            name="points"
            type="number"
            min={0}
            max={entry.maxTenths / 10}
            step={0.5}
            required
            className="input mt-1 w-28"
          />
        </div>
        <div className="min-w-60 flex-1">
          <label htmlFor={`${id}-comment`} className="block text-sm font-medium">
            {t("grading.comment")}
          </label>
          <input id={`${id}-comment`} name="comment" maxLength={2000} className="input mt-1" />
        </div>
        <button type="submit" className="btn" disabled={fetcher.state !== "idle"}>
          {t("grading.save")}
        </button>
      </div>
      {fetcher.data ? (
        <p
          role={fetcher.data.ok ? "status" : "alert"}
          className={`text-sm ${fetcher.data.ok ? "text-green-800" : "text-red-700"}`}
        >
          {t(fetcher.data.message)}
        </p>
      ) : null}
    </fetcher.Form>
  );
}

export default function GradingPage() {
  const { t } = useTranslation();
  const { center, queue } = useLoaderData<typeof loader>();
  const { en, language } = useLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={`${t("grading.title")} · ${en ? center.nameEn : center.nameZh}`}>
        <Link to={`/manage/organizations/${center.id}`} className="link text-sm">
          {t("staffLearn.back")}
        </Link>
      </PageHeader>
      {queue.length === 0 ? <p className="card text-slate-600">{t("grading.empty")}</p> : null}
      <ul className="space-y-4">
        {queue.map((entry) => (
          <li key={`${entry.attemptId}-${entry.item}-${entry.part}`} className="card space-y-3">
            <p className="text-sm text-slate-600">
              {entry.trainee} · {entry.closedAt ? formatDateTime(entry.closedAt, language) : ""} ·{" "}
              {t("grading.question", { n: entry.item + 1 })}
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
