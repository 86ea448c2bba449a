import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ExamSessionForm, ExamSessionTable } from "~/components/exam-session-form";
import { ErrorList, FormMessage, PageHeader } from "~/components/forms";
import { formatDate, formatDateTime, isLanguage } from "~/i18n/config";
import { can } from "~/modules/auth/index.server";
import { issueForCohort } from "~/modules/certificates/index.server";
import { addCohortMembers, closeCohort, cohortDetail, removeCohortMember } from "~/modules/cohorts/index.server";
import { loadLevels } from "~/modules/learning/index.server";
import { centerPeople } from "~/modules/orgs/index.server";
import { requireCenter } from "~/utils/center.server";
import { notFound } from "~/utils/errors.server";
import { handleExamSessionForm } from "~/utils/exam-session-form.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "cohorts.detailTitle");

const uuid = z.string().uuid();

async function cohortRoute(request: Request, params: { orgId?: string; cohortId?: string }) {
  const scope = await requireCenter(request, params.orgId);
  const cohortId = uuid.safeParse(params.cohortId);
  if (!cohortId.success) throw notFound();
  return { ...scope, cohortId: cohortId.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center, cohortId } = await cohortRoute(request, params);
  const [detail, levels, trainees] = await Promise.all([
    cohortDetail(database, user, center, cohortId),
    loadLevels(database),
    centerPeople(database, center.id, "trainee"),
  ]);
  const memberIds = new Set(detail.members.map((m) => m.id));
  const level = levels.find((l) => l.slug === detail.cohort.levelSlug);
  return {
    center,
    ...detail,
    sessions: detail.sessions.map((s) => ({
      ...s,
      opensAt: s.opensAt.toISOString(),
      closesAt: s.closesAt.toISOString(),
      cancelledAt: s.cancelledAt?.toISOString() ?? null,
    })),
    level: level ? { nameZh: level.nameZh, nameEn: level.nameEn } : null,
    levels: levels.map((l) => ({ slug: l.slug, nameZh: l.nameZh, nameEn: l.nameEn })),
    candidates: trainees.filter((t) => !memberIds.has(t.id)).map((t) => ({ id: t.id, name: t.name, contact: t.email ?? t.phone })),
    canManage: can(user, "manage:center", { centerId: center.id }),
    now: new Date().toISOString(),
  };
}

type ActionResult = {
  memberError?: string;
  added?: number;
  sessionErrors?: Record<string, string>;
  scheduled?: boolean;
  issued?: { userId: string; name: string; outcome: "issued" | "already_held" | "not_eligible"; missing: string[] }[];
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center, cohortId } = await cohortRoute(request, params);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "add") {
    const ids = z.array(uuid).max(2000).safeParse(form.getAll("userIds"));
    if (!ids.success || ids.data.length === 0) return data<ActionResult>({ memberError: "validation.cohort.noneSelected" }, { status: 400 });
    const added = await addCohortMembers(database, user, center, cohortId, ids.data);
    if (!added.ok) return data<ActionResult>({ memberError: added.error }, { status: 400 });
    return data<ActionResult>({ added: added.added });
  }
  if (intent === "remove") {
    const id = uuid.safeParse(form.get("userId"));
    if (!id.success) throw notFound();
    await removeCohortMember(database, user, center, cohortId, id.data);
    return data<ActionResult>({});
  }
  if (intent === "issue_certificates") {
    const results = await issueForCohort(database, user, center.id, cohortId);
    return data<ActionResult>({
      issued: results.map((r) => ({
        userId: r.userId,
        name: r.name,
        outcome: r.outcome.issued ? "issued" : r.outcome.reason,
        missing: !r.outcome.issued && r.outcome.reason === "not_eligible" ? r.outcome.missing : [],
      })),
    });
  }
  if (intent === "close") {
    await closeCohort(database, user, center, cohortId);
    return data<ActionResult>({});
  }
  // Sessions scheduled here are for this cohort, whatever the form claims.
  form.set("cohortId", cohortId);
  form.delete("traineeIds");
  return handleExamSessionForm(database, user, center, form);
}

export default function CohortPage() {
  const { t, i18n } = useTranslation();
  const { center, cohort, level, levels, instructors, members, sessions, candidates, canManage, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const en = i18n.language === "en";
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  const open = !cohort.closedAt;
  return (
    <div className="space-y-6">
      <PageHeader title={cohort.name}>
        <Link to={`/manage/organizations/${center.id}/cohorts`} className="link text-sm">
          {t("cohorts.backToList")}
        </Link>
      </PageHeader>
      <section className="card grid gap-2 text-sm sm:grid-cols-2" aria-label={t("cohorts.overview")}>
        <p>
          <span className="text-slate-600">{t("cohorts.level")}：</span>
          {level ? (en ? level.nameEn : level.nameZh) : cohort.levelSlug}
        </p>
        <p>
          <span className="text-slate-600">{t("cohorts.dates")}：</span>
          {formatDate(cohort.startsOn, language)} – {formatDate(cohort.endsOn, language)}
        </p>
        <p>
          <span className="text-slate-600">{t("cohorts.members")}：</span>
          {members.length} / {cohort.capacity}
        </p>
        <p>
          <span className="text-slate-600">{t("cohorts.instructors")}：</span>
          {instructors.length ? instructors.map((i) => i.name).join("、") : "—"}
        </p>
        <p>
          <span className="text-slate-600">{t("cohorts.status")}：</span>
          {open ? t("cohorts.open") : `${t("cohorts.closed")} · ${formatDateTime(cohort.closedAt!, language)}`}
        </p>
        {canManage && open ? (
          <Form method="post" className="sm:col-span-2">
            <input type="hidden" name="intent" value="close" />
            <button type="submit" className="btn-secondary">
              {t("cohorts.close")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading" className="text-lg font-semibold">
          {t("cohorts.memberList")}
        </h2>
        {actionData?.added !== undefined ? <FormMessage tone="success">{t("cohorts.added", { count: actionData.added })}</FormMessage> : null}
        {members.length === 0 ? (
          <p className="mt-2 text-slate-600">{t("cohorts.noMembers")}</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="border-b text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4">{t("fields.name")}</th>
                  <th scope="col" className="py-2 pr-4">{t("staffLearn.contact")}</th>
                  <th scope="col" className="py-2 pr-4">{t("cohorts.addedAt")}</th>
                  {canManage && open ? <th scope="col" className="py-2 pr-4"><span className="sr-only">{t("cohorts.remove")}</span></th> : null}
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.id} className="border-b last:border-0">
                    <td className="py-2 pr-4">
                      <Link className="link" to={`/manage/organizations/${center.id}/trainees/${m.id}`}>
                        {m.name}
                      </Link>
                    </td>
                    <td className="py-2 pr-4">{m.email ?? m.phone}</td>
                    <td className="py-2 pr-4 tabular-nums">{formatDateTime(m.addedAt, language)}</td>
                    {canManage && open ? (
                      <td className="py-2 pr-4">
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="userId" value={m.id} />
                          <button type="submit" className="link" aria-label={`${t("cohorts.remove")} ${m.name}`}>
                            {t("cohorts.remove")}
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {canManage && open ? (
          <Form method="post" className="mt-4 space-y-3">
            <input type="hidden" name="intent" value="add" />
            <fieldset>
              <legend className="text-sm font-medium">{t("cohorts.addMembers")}</legend>
              {candidates.length === 0 ? <p className="text-sm text-slate-600">{t("cohorts.noTrainees")}</p> : null}
              <div className="mt-1 grid max-h-64 gap-1 overflow-y-auto sm:grid-cols-2">
                {candidates.map((c) => (
                  <label key={c.id} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="userIds" value={c.id} /> {c.name} <span className="text-slate-500">{c.contact}</span>
                  </label>
                ))}
              </div>
              {actionData?.memberError ? <ErrorList errors={[actionData.memberError]} /> : null}
            </fieldset>
            <div className="flex flex-wrap items-center gap-3">
              <button type="submit" className="btn" disabled={navigation.state === "submitting" || candidates.length === 0}>
                {t("cohorts.addButton")}
              </button>
              <Link className="link text-sm" to={`/manage/organizations/${center.id}/import?cohort=${cohort.id}`}>
                {t("enrolment.title")}
              </Link>
            </div>
          </Form>
        ) : null}
      </section>

      <section className="card space-y-3" aria-labelledby="certificates-heading">
        <h2 id="certificates-heading" className="text-lg font-semibold">
          {t("certificates.cohortIssue")}
        </h2>
        <p className="text-sm text-slate-600">{t("certificates.cohortIssueHint")}</p>
        <div className="flex flex-wrap gap-3">
          {canManage ? (
            <Form method="post">
              <input type="hidden" name="intent" value="issue_certificates" />
              <button type="submit" className="btn" disabled={navigation.state === "submitting" || members.length === 0}>
                {t("certificates.cohortIssue")}
              </button>
            </Form>
          ) : null}
          <a className="btn-secondary" href={`/manage/organizations/${center.id}/cohorts/${cohort.id}/certificates.zip`} download>
            {t("certificates.cohortZip")}
          </a>
        </div>
        {actionData?.issued ? (
          <div className="overflow-x-auto">
            <FormMessage tone="success">{t("certificates.cohortIssued", { count: actionData.issued.filter((r) => r.outcome === "issued").length })}</FormMessage>
            <table className="mt-3 w-full text-left text-sm">
              <caption className="sr-only">{t("certificates.cohortResult")}</caption>
              <thead className="border-b text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4">{t("fields.name")}</th>
                  <th scope="col" className="py-2 pr-4">{t("certificates.cohortResult")}</th>
                </tr>
              </thead>
              <tbody>
                {actionData.issued.map((r) => (
                  <tr key={r.userId} className="border-b last:border-0">
                    <td className="py-2 pr-4">{r.name}</td>
                    <td className="py-2 pr-4">
                      {t(`certificates.cohortOutcome.${r.outcome}`, {
                        missing: r.missing.map((m) => t(`certificates.short.${m}`)).join("、"),
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          {t("sessions.forCohort")}
        </h2>
        {actionData?.scheduled ? <FormMessage tone="success">{t("sessions.scheduled")}</FormMessage> : null}
        <ExamSessionTable sessions={sessions} canCancel={canManage} now={now} />
        {canManage ? (
          <>
            <h3 className="mt-6 font-semibold">{t("sessions.scheduleTitle")}</h3>
            <ExamSessionForm levels={levels} cohort={{ id: cohort.id, levelSlug: cohort.levelSlug }} errors={actionData?.sessionErrors ?? {}} />
          </>
        ) : null}
      </section>
    </div>
  );
}
