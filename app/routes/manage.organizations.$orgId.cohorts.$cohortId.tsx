import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { ExamSessionForm, ExamSessionTable } from "~/components/exam-session-form";
import { FormMessage, PageHeader } from "~/components/forms";
import { CohortOverview } from "~/components/cohort/cohort-overview";
import { MemberTable } from "~/components/cohort/member-table";
import { CohortCertificates } from "~/components/cohort/cohort-certificates";
import { ClassroomSummary } from "~/components/classroom/classroom-summary";
import { classroomSessionsOfCohort } from "~/modules/cohorts/index.server";
import { AddMembersForm } from "~/components/cohort/add-members-form";
import { can } from "~/modules/orgs/index.server";
import { addCohortMembers, closeCohort, removeCohortMember } from "~/modules/cohorts/index.server";
import { loadLevels } from "~/modules/content/index.server";
import { countCurrentCertificates } from "~/modules/certificates/index.server";
import { requireCenter } from "~/utils/center.server";
import { notFound } from "~/utils/errors.server";
import { handleExamSessionForm } from "~/utils/exam-session-form.server";
import { cancelSessionSchema, rescheduleSessionSchema, scheduleSessionSchema } from "~/utils/exam-session-schema";
import { firstError, replyWithFailure } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";
import { TraineePicker } from "~/components/trainee-picker";
import { expandPickerSelection, traineePickerData } from "~/utils/trainee-picker.server";
import { issueForChosenMembers } from "~/workflows/certification.server";
import { cohortWithSessions } from "~/workflows/cohort-schedule.server";
import { notifyAddedToCohort } from "~/workflows/notify.server";
import { publicUrl } from "~/utils/env.server";

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
  const canManage = can(user, "manage:center", { centerId: center.id });
  const [detail, levels, picker, issuePicker, classroom] = await Promise.all([
    cohortWithSessions(database, user, center, cohortId),
    loadLevels(database),
    // The center's trainees not yet in this cohort, searchable and paged.
    traineePickerData(request, database, user, center, { notInCohort: cohortId }),
    // The cohort's own members, to choose whom to issue certificates to (its own search: i_q, i_page …).
    canManage
      ? traineePickerData(request, database, user, center, { prefix: "i_", inCohort: cohortId })
      : Promise.resolve(null),
    classroomSessionsOfCohort(database, user, center, cohortId),
  ]);
  const memberIds = new Set(detail.members.map((m) => m.id));
  const level = levels.find((l) => l.slug === detail.cohort.levelSlug);
  const zipFiles = await countCurrentCertificates(database, [...memberIds], detail.cohort.levelSlug);
  return {
    zipFiles,
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
    picker,
    issuePicker: issuePicker && { result: issuePicker.result, filter: issuePicker.filter },
    classroomSessions: classroom.sessions.map((s) => ({
      id: s.id,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      place: s.place,
      lecturer: s.lecturer,
      creditMinutes: s.creditMinutes,
      cancelled: s.cancelledAt !== null,
      attended: s.present + s.late,
    })),
    canManage,
    now: new Date().toISOString(),
  };
}

// Each intent but these two is a button; the two forms with fields get their own reply.
const cohortActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    userIds: z
      .array(z.string().uuid("validation.cohort.noneSelected"), { required_error: "validation.cohort.noneSelected" })
      .min(1, "validation.cohort.noneSelected")
      .max(2000, "validation.cohort.noneSelected"),
  }),
  z.object({ intent: z.literal("remove"), userId: z.string().uuid() }),
  z.object({
    intent: z.literal("issue_certificates"),
    userIds: z
      .array(z.string().uuid("validation.cohort.noneSelected"), { required_error: "validation.cohort.noneSelected" })
      .min(1, "validation.cohort.noneSelected")
      .max(2000, "validation.cohort.noneSelected"),
  }),
  z.object({ intent: z.literal("close") }),
  scheduleSessionSchema,
  rescheduleSessionSchema,
  cancelSessionSchema,
]);

type ActionResult = {
  intent?: string;
  result?: SubmissionResult<string[]>;
  added?: number;
  scheduled?: boolean;
  changed?: boolean;
  issued?: { userId: string; name: string; outcome: "issued" | "already_held" | "not_eligible"; missing: string[] }[];
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center, cohortId } = await cohortRoute(request, params);
  const form = await request.formData();
  // Sessions scheduled here are for this cohort, whatever the form claims.
  form.set("cohortId", cohortId);
  form.delete("traineeIds");
  if (form.get("intent") === "add")
    await expandPickerSelection(form, database, center.id, "userIds", { notInCohort: cohortId });
  if (form.get("intent") === "issue_certificates")
    await expandPickerSelection(form, database, center.id, "userIds", { prefix: "i_", inCohort: cohortId });
  const submission = parseWithZod(form, { schema: cohortActionSchema });
  if (submission.status !== "success") {
    const intent = submission.payload.intent;
    if (intent === "add" || intent === "issue_certificates" || intent === "schedule" || intent === "reschedule")
      return data<ActionResult>({ intent, result: submission.reply() }, { status: 400 });
    throw notFound();
  }
  const value = submission.value;
  const intent = value.intent;
  if (intent === "add") {
    const added = await addCohortMembers(database, user, center, cohortId, value.userIds);
    if (!added.ok)
      return data<ActionResult>(
        { intent, result: replyWithFailure(submission, { field: "userIds", message: added.message }) },
        { status: 400 },
      );
    await notifyAddedToCohort(database, publicUrl(), cohortId, added.addedIds);
    return data<ActionResult>({ added: added.added });
  }
  if (intent === "remove") {
    await removeCohortMember(database, user, center, cohortId, value.userId);
    return data<ActionResult>({});
  }
  if (intent === "issue_certificates") {
    const outcome = await issueForChosenMembers(database, user, center.id, cohortId, value.userIds);
    if (!outcome.ok)
      return data<ActionResult>({ intent, result: replyWithFailure(submission, outcome) }, { status: 400 });
    return data<ActionResult>({
      issued: outcome.results.map((r) => ({
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
  return handleExamSessionForm(database, user, center, submission, value);
}

export default function CohortPage() {
  const { t } = useTranslation();
  const {
    center,
    cohort,
    level,
    levels,
    instructors,
    members,
    sessions,
    picker,
    issuePicker,
    canManage,
    now,
    zipFiles,
    classroomSessions,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const addResult = actionData?.intent === "add" ? actionData.result : null;
  const open = !cohort.closedAt;
  return (
    <div className="space-y-6">
      <PageHeader title={cohort.name}>
        <Link to={`/manage/organizations/${center.id}/cohorts`} className="link text-sm">
          {t("cohorts.backToList")}
        </Link>
      </PageHeader>
      <CohortOverview
        cohort={cohort}
        level={level}
        memberCount={members.length}
        instructors={instructors}
        canClose={canManage && open}
      />

      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading" className="text-lg font-semibold">
          {t("cohorts.memberList")}
        </h2>
        {actionData?.added !== undefined ? (
          <FormMessage tone="success">{t("cohorts.added", { count: actionData.added })}</FormMessage>
        ) : null}
        <MemberTable centerId={center.id} members={members} canRemove={canManage && open} />
        {canManage && open ? (
          <>
            <TraineePicker
              formId="add-members"
              inputName="userIds"
              data={picker.result}
              filter={picker.filter}
              cohorts={picker.cohorts}
              levels={levels}
            />
            <AddMembersForm
              centerId={center.id}
              cohortId={cohort.id}
              available={picker.result.total}
              lastResult={addResult}
            />
          </>
        ) : null}
      </section>

      <ClassroomSummary
        base={`/manage/organizations/${center.id}/cohorts/${cohort.id}`}
        sessions={classroomSessions}
        members={members.length}
        now={now}
      />

      <CohortCertificates
        centerId={center.id}
        cohortId={cohort.id}
        canIssue={canManage}
        hasMembers={members.length > 0}
        zipFiles={zipFiles}
        issued={actionData?.issued}
        picker={issuePicker}
        lastResult={actionData?.intent === "issue_certificates" ? actionData.result : null}
      />

      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          {t("sessions.forCohort")}
        </h2>
        {actionData?.scheduled ? <FormMessage tone="success">{t("sessions.scheduled")}</FormMessage> : null}
        {actionData?.intent === "reschedule" && actionData.result ? (
          actionData.result.status === "error" ? (
            <FormMessage>{t(firstError(actionData.result) ?? "validation.session.time")}</FormMessage>
          ) : actionData.changed ? (
            <FormMessage tone="success">{t("sessions.changed")}</FormMessage>
          ) : null
        ) : null}
        <ExamSessionTable sessions={sessions} canCancel={canManage} now={now} />
        {canManage ? (
          <>
            <h3 className="mt-6 font-semibold">{t("sessions.scheduleTitle")}</h3>
            <ExamSessionForm
              levels={levels}
              cohort={{ id: cohort.id, levelSlug: cohort.levelSlug }}
              lastResult={actionData?.intent === "schedule" ? actionData.result : null}
            />
          </>
        ) : null}
      </section>
    </div>
  );
}
