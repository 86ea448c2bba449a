import { useTranslation } from "react-i18next";
import type { PartContent } from "~/modules/content";

export interface ReviewItem {
  index: number;
  scenario: string | null;
  parts: {
    part: PartContent;
    response: unknown;
    correct: unknown;
    pointsTenths: number;
    explanation: string;
    comment: string | null;
    criteria: { name: string; maxTenths: number; tenths: number }[] | null;
  }[];
}

const letter = (i: number) => String.fromCharCode(65 + i);

/** After the attempt closes (when the exam's policy allows): answers, right answers and explanations. */
export function AttemptReview({ items }: { items: ReviewItem[] }) {
  const { t } = useTranslation();
  const show = (part: PartContent, value: unknown): string => {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0))
      return t("exams.noAnswer");
    if (part.type === "single" && typeof value === "number") return letter(value);
    if (part.type === "multiple" && Array.isArray(value)) return value.map((v) => letter(v as number)).join("、");
    if (part.type === "true_false") return value ? t("exams.true") : t("exams.false");
    if (Array.isArray(value)) return value.join(" / ");
    return String(value);
  };
  return (
    <section aria-labelledby="review-heading" className="space-y-4">
      <h2 id="review-heading" className="text-lg font-semibold">
        {t("exams.review")}
      </h2>
      <ol className="space-y-4">
        {items.map((item) => (
          <li key={item.index} className="card space-y-3">
            <p className="text-sm text-slate-600">
              {t("exams.questionOf", { n: item.index + 1, total: items.length })}
            </p>
            {item.scenario ? (
              <p className="whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-sm">{item.scenario}</p>
            ) : null}
            {item.parts.map((p, j) => (
              <div key={j} className="space-y-1 text-sm">
                <p className="text-base">{p.part.stem}</p>
                {"options" in p.part ? (
                  <ol className="space-y-0.5">
                    {p.part.options.map((o, i) => (
                      <li key={i}>
                        {letter(i)}. {o}
                      </li>
                    ))}
                  </ol>
                ) : null}
                <p>
                  {t("exams.yourAnswerWas")}: {show(p.part, p.response)} ·{" "}
                  {t("exams.pointsEarned", { got: p.pointsTenths / 10, max: p.part.pointsTenths / 10 })}
                </p>
                {p.part.type !== "essay" ? (
                  <p className="text-green-800">
                    {t("exams.correctAnswer")}: {show(p.part, p.correct)}
                  </p>
                ) : null}
                {p.criteria?.length ? (
                  <table className="text-sm">
                    <caption className="sr-only">{t("grading.criteriaCaption")}</caption>
                    <thead>
                      <tr>
                        <th scope="col" className="pr-4 text-left font-medium">
                          {t("grading.criterion")}
                        </th>
                        <th scope="col" className="text-right font-medium">
                          {t("grading.criterionPoints")}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.criteria.map((c, k) => (
                        <tr key={k}>
                          <td className="pr-4">{c.name}</td>
                          <td className="text-right tabular-nums">
                            {c.tenths / 10} / {c.maxTenths / 10}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
                {p.comment ? (
                  <p>
                    {t("exams.graderComment")}: {p.comment}
                  </p>
                ) : null}
                {p.explanation ? <p className="text-slate-700">{p.explanation}</p> : null}
              </div>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}
