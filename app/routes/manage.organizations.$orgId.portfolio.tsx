import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormMessage, PageHeader } from "~/components/forms";
import { ReviewCase } from "~/components/portfolio-review/review-case";
import { DefenceTable } from "~/components/portfolio-review/defence-table";
import { DefenceForm } from "~/components/portfolio-review/defence-form";
import { useLocale } from "~/hooks/use-locale";
import { can, centerPeople } from "~/modules/orgs/index.server";
import { chinaDate } from "~/utils/china-time";
import { centerDefences, portfolioLevels, returnCase, reviewQueue } from "~/modules/portfolio/index.server";
import { defenceInputSchema, returnCommentSchema } from "~/modules/portfolio";
import { requireCenter } from "~/utils/center.server";
import { notFound } from "~/utils/errors.server";
import { firstError, replyWithFailure, typedValues } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";
import { approveCaseAndIssue, recordDefenceAndIssue } from "~/workflows/certification.server";
import { notifyCaseReviewed } from "~/workflows/notify.server";
import { publicUrl } from "~/utils/env.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "portfolio.review.title");

const uuid = z.string().uuid();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const [queue, defences, levels, trainees] = await Promise.all([
    reviewQueue(database, user, center),
    centerDefences(database, user, center),
    portfolioLevels(database),
    centerPeople(database, center.id, "trainee"),
  ]);
  return {
    center,
    queue: queue.map((c) => ({
      ...c,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      evidence: c.evidence.map((e) => ({ id: e.id, fileName: e.fileName, size: e.size })),
    })),
    defences: defences.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
    levels: levels.map((l) => ({
      slug: l.slug,
      nameZh: l.nameZh,
      nameEn: l.nameEn,
      defenceRequired: l.defenceRequired,
    })),
    trainees: trainees.map((t) => ({ id: t.id, name: t.name, contact: t.email ?? t.phone })),
    canManage: can(user, "manage:center", { centerId: center.id }),
    today: chinaDate(),
  };
}

// Approve and return act on a case of the queue (one small form per case); the defence form is the page's.
const reviewFormSchema = (today: string) =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("approve"), caseId: uuid }),
    z.object({ intent: z.literal("return"), caseId: uuid, comment: returnCommentSchema }),
    defenceInputSchema(today).extend({ intent: z.literal("defence") }),
  ]);

type ActionResult =
  | {
      kind: "review";
      caseId: string;
      error?: string;
      message?: string;
      title?: string;
      issued?: string[];
      result?: SubmissionResult<string[]>;
    }
  | {
      kind: "defence";
      result?: SubmissionResult<string[]>;
      values?: Record<string, string>;
      saved?: boolean;
      issued?: string[];
    };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const form = await request.formData();
  const submission = parseWithZod(form, { schema: reviewFormSchema(chinaDate()) });
  if (submission.status !== "success") {
    const reply = submission.reply();
    const { intent, caseId } = submission.payload;
    if (intent === "defence")
      return data<ActionResult>({ kind: "defence", result: reply, values: typedValues(form) }, { status: 400 });
    // A case that is not a case, or a request this page does not make; only a return's comment can be wrong.
    if (intent !== "return" || reply.error?.caseId || typeof caseId !== "string") throw notFound();
    return data<ActionResult>(
      { kind: "review", caseId, error: firstError(reply) ?? "portfolio.errors.returnComment", result: reply },
      { status: 400 },
    );
  }
  const value = submission.value;
  if (value.intent === "approve") {
    const approved = await approveCaseAndIssue(database, user, center, value.caseId);
    if (!approved.ok)
      return data<ActionResult>({ kind: "review", caseId: value.caseId, error: approved.message }, { status: 409 });
    await notifyCaseReviewed(database, publicUrl(), {
      caseId: value.caseId,
      userId: approved.userId,
      title: approved.title,
      approved: true,
      at: new Date(),
    });
    const issued = approved.issued.map((i) => i.levelSlug);
    return data<ActionResult>({
      kind: "review",
      caseId: value.caseId,
      message: "portfolio.review.approved",
      title: approved.title,
      issued,
    });
  }
  if (value.intent === "return") {
    const returned = await returnCase(database, user, center, value.caseId, value.comment);
    if (!returned.ok)
      return data<ActionResult>({ kind: "review", caseId: value.caseId, error: returned.message }, { status: 409 });
    if (!returned.repeated)
      await notifyCaseReviewed(database, publicUrl(), {
        caseId: value.caseId,
        userId: returned.userId,
        title: returned.title,
        approved: false,
        at: new Date(),
      });
    return data<ActionResult>({
      kind: "review",
      caseId: value.caseId,
      message: "portfolio.review.returned",
      title: returned.title,
    });
  }
  const { intent: _intent, ...defenceInput } = value;
  const recorded = await recordDefenceAndIssue(database, user, center, defenceInput);
  if (!recorded.ok)
    return data<ActionResult>(
      { kind: "defence", result: replyWithFailure(submission, recorded), values: typedValues(form) },
      { status: 400 },
    );
  return data<ActionResult>({ kind: "defence", saved: true, issued: recorded.issued.map((i) => i.levelSlug) });
}

export default function PortfolioReviewPage() {
  const { t } = useTranslation();
  const { center, queue, defences, levels, trainees, canManage, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const { en, pick } = useLocale();
  const levelName = (slug: string) => {
    const level = levels.find((l) => l.slug === slug);
    return level ? pick(level.nameZh, level.nameEn) : slug;
  };
  const review = actionData?.kind === "review" ? actionData : undefined;
  const defence = actionData?.kind === "defence" ? actionData : undefined;
  const defenceLevels = levels.filter((l) => l.defenceRequired);
  const issuedNote = (issued?: string[]) =>
    issued?.length ? (
      <FormMessage tone="success">
        {t("portfolio.review.issued", { levels: issued.map(levelName).join("、") })}
      </FormMessage>
    ) : null;
  return (
    <div className="space-y-6">
      <PageHeader title={`${en ? center.nameEn : center.nameZh} · ${t("portfolio.review.title")}`}>
        <Link to={`/manage/organizations/${center.id}`} className="link text-sm">
          {t("portfolio.review.backToCenter")}
        </Link>
      </PageHeader>
      {!canManage ? <p className="text-slate-700">{t("portfolio.review.readOnly")}</p> : null}

      <section className="card" aria-labelledby="queue-heading">
        <h2 id="queue-heading" className="text-lg font-semibold">
          {t("portfolio.review.queue")}
        </h2>
        <p className="text-sm text-slate-600">{t("portfolio.review.queueHint")}</p>
        {review?.message ? (
          <FormMessage tone="success">{t(review.message, { title: review.title })}</FormMessage>
        ) : null}
        {issuedNote(review?.issued)}
        {queue.length === 0 ? <p className="mt-3 text-slate-600">{t("portfolio.review.empty")}</p> : null}
        <ol className="mt-3 space-y-4">
          {queue.map((c) => {
            const error = review?.caseId === c.id ? review.error : undefined;
            return (
              <li key={c.id}>
                <ReviewCase centerId={center.id} c={c} canManage={canManage} error={error} />
              </li>
            );
          })}
        </ol>
      </section>

      <section className="card" aria-labelledby="defences-heading">
        <h2 id="defences-heading" className="text-lg font-semibold">
          {t("portfolio.defences.title")}
        </h2>
        {defence?.saved ? <FormMessage tone="success">{t("portfolio.defences.saved")}</FormMessage> : null}
        {issuedNote(defence?.issued)}
        <DefenceTable defences={defences} levelName={levelName} />

        {canManage ? (
          defenceLevels.length === 0 ? (
            <p className="mt-4 text-slate-600">{t("portfolio.defences.noLevel")}</p>
          ) : trainees.length === 0 ? (
            <p className="mt-4 text-slate-600">{t("portfolio.defences.noTrainees")}</p>
          ) : (
            <DefenceForm
              trainees={trainees}
              levels={defenceLevels}
              today={today}
              reply={defence}
              resetKey={defence?.saved ? defences.length : "form"}
            />
          )
        ) : null}
      </section>
    </div>
  );
}
