import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, formatDateTime } from "~/i18n/config";
import { formatYuan, type CONTRACT_TYPES } from "~/modules/portfolio";

export interface QueuedCase {
  id: string;
  title: string;
  traineeId: string;
  traineeName: string;
  updatedAt: string;
  contractType: (typeof CONTRACT_TYPES)[number];
  registrationNo: string | null;
  amountFen: number;
  startedOn: string;
  endedOn: string | null;
  role: string;
  description: string;
  reviewComment: string | null;
  evidence: { id: string; fileName: string; size: number }[];
}

/** One case waiting for review: what the trainee wrote, the evidence files, and (for staff who manage) approve or return. */
export function ReviewCase({
  centerId,
  c,
  canManage,
  error,
}: {
  centerId: string;
  c: QueuedCase;
  canManage: boolean;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const { language } = useLocale();
  const navigation = useNavigation();
  return (
    <article className="rounded-md border border-slate-200 p-4" aria-labelledby={`case-${c.id}`}>
      <h3 id={`case-${c.id}`} className="font-semibold text-brand-800">
        {c.title}
      </h3>
      <p className="text-sm text-slate-600">
        {t("portfolio.review.trainee")}：
        <Link className="link underline" to={`/manage/organizations/${centerId}/trainees/${c.traineeId}`}>
          {c.traineeName}
        </Link>{" "}
        · {t("portfolio.review.submittedAt", { date: formatDateTime(c.updatedAt, language) })}
      </p>
      <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        <div>
          <dt className="inline text-slate-600">{t("portfolio.fields.contractType")}：</dt>
          <dd className="inline">{t(`portfolio.contractTypes.${c.contractType}`)}</dd>
        </div>
        <div>
          <dt className="inline text-slate-600">{t("portfolio.review.registrationNo")}：</dt>
          <dd className="inline">{c.registrationNo ?? "—"}</dd>
        </div>
        <div>
          <dt className="inline text-slate-600">{t("portfolio.columns.amount")}：</dt>
          <dd className="inline tabular-nums">{formatYuan(c.amountFen, language)}</dd>
        </div>
        <div>
          <dt className="inline text-slate-600">{t("portfolio.review.dates")}：</dt>
          <dd className="inline tabular-nums">
            {formatDate(c.startedOn, language)} –{" "}
            {c.endedOn ? formatDate(c.endedOn, language) : t("portfolio.noEndDate")}
          </dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="inline text-slate-600">{t("portfolio.review.role")}：</dt>
          <dd className="inline">{c.role}</dd>
        </div>
      </dl>
      <p className="mt-2 whitespace-pre-line text-sm">{c.description}</p>
      {c.reviewComment ? (
        <p className="mt-2 rounded bg-slate-50 p-2 text-sm">
          {t("portfolio.previousComment")}：{c.reviewComment}
        </p>
      ) : null}
      <div className="mt-2 text-sm">
        <span className="text-slate-600">{t("portfolio.evidence.title")}：</span>
        {c.evidence.length === 0 ? t("portfolio.evidence.none") : null}
        <ul className="mt-1 list-disc pl-5">
          {c.evidence.map((e) => (
            <li key={e.id}>
              <a className="link underline" href={`/portfolio/evidence/${e.id}`} download>
                {e.fileName}
              </a>{" "}
              <span className="text-slate-600">
                {t("portfolio.evidence.size", { size: Math.max(1, Math.round(e.size / 1024)) })}
              </span>
            </li>
          ))}
        </ul>
      </div>
      {canManage ? (
        <div className="mt-4 flex flex-wrap items-start gap-4">
          <Form method="post">
            <input type="hidden" name="intent" value="approve" />
            <input type="hidden" name="caseId" value={c.id} />
            <button
              type="submit"
              className="btn"
              disabled={navigation.state === "submitting"}
              aria-describedby={`case-${c.id}`}
            >
              {t("portfolio.review.approve")}
            </button>
          </Form>
          <Form method="post" className="min-w-64 flex-1 space-y-2">
            <input type="hidden" name="intent" value="return" />
            <input type="hidden" name="caseId" value={c.id} />
            <label htmlFor={`return-${c.id}`} className="block text-sm font-medium">
              {t("portfolio.review.returnComment")}
            </label>
            <textarea
              id={`return-${c.id}`}
              name="comment"
              rows={2}
              maxLength={2000}
              className="input"
              {...(error ? { "aria-invalid": true, "aria-describedby": `return-${c.id}-error` } : {})}
            />
            {error ? <ErrorList id={`return-${c.id}-error`} errors={[error]} /> : null}
            <button
              type="submit"
              className="btn-secondary"
              disabled={navigation.state === "submitting"}
              aria-describedby={`case-${c.id}`}
            >
              {t("portfolio.review.returnButton")}
            </button>
          </Form>
        </div>
      ) : null}
    </article>
  );
}
