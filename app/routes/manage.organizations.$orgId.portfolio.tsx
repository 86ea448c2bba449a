import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorList, FormMessage, PageHeader } from "~/components/forms";
import { formatDate, formatDateTime, isLanguage } from "~/i18n/config";
import { can } from "~/modules/auth/index.server";
import { centerPeople } from "~/modules/orgs/index.server";
import { formatYuan } from "~/modules/portfolio";
import { shanghaiToday } from "~/modules/portfolio";
import { approveCase, centerDefences, portfolioLevels, recordDefence, returnCase, reviewQueue } from "~/modules/portfolio/index.server";
import { defenceInputSchema, returnCommentSchema, type DefenceFormErrors } from "~/modules/portfolio";
import { requireCenter } from "~/utils/center.server";
import { notFound } from "~/utils/errors.server";
import { titleMeta } from "~/utils/meta";

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
    levels: levels.map((l) => ({ slug: l.slug, nameZh: l.nameZh, nameEn: l.nameEn, defenceRequired: l.defenceRequired })),
    trainees: trainees.map((t) => ({ id: t.id, name: t.name, contact: t.email ?? t.phone })),
    canManage: can(user, "manage:center", { centerId: center.id }),
    today: shanghaiToday(),
  };
}

type ActionResult =
  | { kind: "review"; caseId: string; error?: string; message?: string; title?: string; issued?: string[] }
  | { kind: "defence"; errors?: DefenceFormErrors; values?: Record<string, string>; saved?: boolean; issued?: string[] };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "approve" || intent === "return") {
    const caseId = uuid.safeParse(form.get("caseId"));
    if (!caseId.success) throw notFound();
    if (intent === "approve") {
      const approved = await approveCase(database, user, center, caseId.data);
      if (!approved.ok) return data<ActionResult>({ kind: "review", caseId: caseId.data, error: approved.error }, { status: 409 });
      const issued = approved.issued.map((i) => i.levelSlug);
      return data<ActionResult>({ kind: "review", caseId: caseId.data, message: "portfolio.review.approved", title: approved.title, issued });
    }
    const comment = returnCommentSchema.safeParse(form.get("comment") ?? undefined);
    if (!comment.success) return data<ActionResult>({ kind: "review", caseId: caseId.data, error: comment.error.issues[0]!.message }, { status: 400 });
    const returned = await returnCase(database, user, center, caseId.data, comment.data);
    if (!returned.ok) return data<ActionResult>({ kind: "review", caseId: caseId.data, error: returned.error }, { status: 409 });
    return data<ActionResult>({ kind: "review", caseId: caseId.data, message: "portfolio.review.returned", title: returned.title });
  }
  if (intent !== "defence") throw notFound();
  const values = Object.fromEntries([...form].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const parsed = defenceInputSchema(shanghaiToday()).safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return data<ActionResult>({ kind: "defence", errors, values }, { status: 400 });
  }
  const recorded = await recordDefence(database, user, center, parsed.data);
  if (!recorded.ok) return data<ActionResult>({ kind: "defence", errors: { [recorded.field]: recorded.error }, values }, { status: 400 });
  return data<ActionResult>({ kind: "defence", saved: true, issued: recorded.issued.map((i) => i.levelSlug) });
}

export default function PortfolioReviewPage() {
  const { t, i18n } = useTranslation();
  const { center, queue, defences, levels, trainees, canManage, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const en = i18n.language === "en";
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  const levelName = (slug: string) => {
    const level = levels.find((l) => l.slug === slug);
    return level ? (en ? level.nameEn : level.nameZh) : slug;
  };
  const review = actionData?.kind === "review" ? actionData : undefined;
  const defence = actionData?.kind === "defence" ? actionData : undefined;
  const defenceErrors: DefenceFormErrors = defence?.errors ?? {};
  const defenceLevels = levels.filter((l) => l.defenceRequired);
  const issuedNote = (issued?: string[]) =>
    issued?.length ? <FormMessage tone="success">{t("portfolio.review.issued", { levels: issued.map(levelName).join("、") })}</FormMessage> : null;
  const described = (name: keyof DefenceFormErrors, hint?: string) => {
    const ids = [hint, defenceErrors[name] ? `defence-${name}-error` : null].filter(Boolean).join(" ");
    return { ...(defenceErrors[name] ? { "aria-invalid": true } : {}), ...(ids ? { "aria-describedby": ids } : {}) };
  };
  const defenceError = (name: keyof DefenceFormErrors) =>
    defenceErrors[name] ? <ErrorList id={`defence-${name}-error`} errors={[defenceErrors[name]!]} /> : null;
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
                <article className="rounded-md border border-slate-200 p-4" aria-labelledby={`case-${c.id}`}>
                  <h3 id={`case-${c.id}`} className="font-semibold text-brand-800">
                    {c.title}
                  </h3>
                  <p className="text-sm text-slate-600">
                    {t("portfolio.review.trainee")}：
                    <Link className="link underline" to={`/manage/organizations/${center.id}/trainees/${c.traineeId}`}>
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
                        {formatDate(c.startedOn, language)} – {c.endedOn ? formatDate(c.endedOn, language) : t("portfolio.noEndDate")}
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
                          <span className="text-slate-600">{t("portfolio.evidence.size", { size: Math.max(1, Math.round(e.size / 1024)) })}</span>
                        </li>
                      ))}
                    </ul>
                  </div>
                  {canManage ? (
                    <div className="mt-4 flex flex-wrap items-start gap-4">
                      <Form method="post">
                        <input type="hidden" name="intent" value="approve" />
                        <input type="hidden" name="caseId" value={c.id} />
                        <button type="submit" className="btn" disabled={navigation.state === "submitting"} aria-describedby={`case-${c.id}`}>
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
                        <button type="submit" className="btn-secondary" disabled={navigation.state === "submitting"} aria-describedby={`case-${c.id}`}>
                          {t("portfolio.review.returnButton")}
                        </button>
                      </Form>
                    </div>
                  ) : null}
                </article>
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
        {defences.length === 0 ? (
          <p className="mt-2 text-slate-600">{t("portfolio.defences.empty")}</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t("portfolio.defences.list")}</caption>
              <thead className="border-b text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4">{t("portfolio.defences.trainee")}</th>
                  <th scope="col" className="py-2 pr-4">{t("portfolio.defences.level")}</th>
                  <th scope="col" className="py-2 pr-4">{t("portfolio.defences.heldOn")}</th>
                  <th scope="col" className="py-2 pr-4">{t("portfolio.defences.result")}</th>
                  <th scope="col" className="py-2 pr-4">{t("portfolio.panel")}</th>
                  <th scope="col" className="py-2 pr-4">{t("portfolio.comment")}</th>
                </tr>
              </thead>
              <tbody>
                {defences.map((d) => (
                  <tr key={d.id} className="border-b align-top last:border-0">
                    <td className="py-2 pr-4">{d.traineeName}</td>
                    <td className="py-2 pr-4">{levelName(d.levelSlug)}</td>
                    <td className="py-2 pr-4 tabular-nums">{formatDate(d.heldOn, language)}</td>
                    <td className="py-2 pr-4">{t(`portfolio.result.${d.result}`)}</td>
                    <td className="py-2 pr-4">{d.panel ?? "—"}</td>
                    <td className="whitespace-pre-line py-2 pr-4">{d.comment ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}

        {canManage ? (
          defenceLevels.length === 0 ? (
            <p className="mt-4 text-slate-600">{t("portfolio.defences.noLevel")}</p>
          ) : trainees.length === 0 ? (
            <p className="mt-4 text-slate-600">{t("portfolio.defences.noTrainees")}</p>
          ) : (
            <Form method="post" className="mt-6 max-w-2xl space-y-4" noValidate key={defence?.saved ? defences.length : "form"}>
              <h3 className="font-semibold">{t("portfolio.defences.record")}</h3>
              <input type="hidden" name="intent" value="defence" />
              <div className="grid gap-4 sm:grid-cols-2">
                <div>
                  <label htmlFor="defence-userId" className="block text-sm font-medium">
                    {t("portfolio.defences.trainee")}
                  </label>
                  <select id="defence-userId" name="userId" className="input mt-1" defaultValue={defence?.values?.userId ?? ""} {...described("userId")}>
                    <option value="">{t("portfolio.defences.choose")}</option>
                    {trainees.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}（{p.contact}）
                      </option>
                    ))}
                  </select>
                  {defenceError("userId")}
                </div>
                <div>
                  <label htmlFor="defence-levelSlug" className="block text-sm font-medium">
                    {t("portfolio.defences.level")}
                  </label>
                  <select id="defence-levelSlug" name="levelSlug" className="input mt-1" defaultValue={defence?.values?.levelSlug ?? defenceLevels[0]!.slug} {...described("levelSlug")}>
                    {defenceLevels.map((l) => (
                      <option key={l.slug} value={l.slug}>
                        {en ? l.nameEn : l.nameZh}
                      </option>
                    ))}
                  </select>
                  {defenceError("levelSlug")}
                </div>
                <fieldset>
                  <legend className="text-sm font-medium">{t("portfolio.defences.result")}</legend>
                  <div className="mt-2 flex gap-4">
                    {(["passed", "failed"] as const).map((r) => (
                      <label key={r} className="flex items-center gap-2 text-sm">
                        <input type="radio" name="result" value={r} defaultChecked={defence?.values?.result === r} /> {t(`portfolio.result.${r}`)}
                      </label>
                    ))}
                  </div>
                  {defenceError("result")}
                </fieldset>
                <div>
                  <label htmlFor="defence-heldOn" className="block text-sm font-medium">
                    {t("portfolio.defences.heldOn")}
                  </label>
                  <input id="defence-heldOn" name="heldOn" type="date" max={today} className="input mt-1" defaultValue={defence?.values?.heldOn ?? today} {...described("heldOn")} />
                  {defenceError("heldOn")}
                </div>
              </div>
              <div>
                <label htmlFor="defence-panel" className="block text-sm font-medium">
                  {t("portfolio.defences.panel")}
                </label>
                <input id="defence-panel" name="panel" className="input mt-1" maxLength={500} defaultValue={defence?.values?.panel} {...described("panel", "defence-panel-hint")} />
                <p id="defence-panel-hint" className="mt-1 text-sm text-slate-600">
                  {t("portfolio.defences.panelHint")}
                </p>
                {defenceError("panel")}
              </div>
              <div>
                <label htmlFor="defence-comment" className="block text-sm font-medium">
                  {t("portfolio.defences.comment")}
                </label>
                <textarea id="defence-comment" name="comment" rows={3} maxLength={2000} className="input mt-1" defaultValue={defence?.values?.comment} {...described("comment")} />
                {defenceError("comment")}
              </div>
              <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
                {t("portfolio.defences.submit")}
              </button>
            </Form>
          )
        ) : null}
      </section>
    </div>
  );
}
