import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { ClassroomSessionForm } from "~/components/classroom/classroom-session-form";
import { ClassroomSessionTable } from "~/components/classroom/classroom-session-table";
import { FormMessage, PageHeader } from "~/components/forms";
import {
  cancelClassroomSession,
  classroomCourses,
  classroomSessionsOfCohort,
  editClassroomSession,
  requireClassroomManager,
  scheduleClassroomSession,
} from "~/modules/cohorts/index.server";
import { CHECK_IN_WINDOW_SECONDS, classroomSessionsSchema } from "~/modules/cohorts";
import { levelConfigOf } from "~/modules/content/index.server";
import { can } from "~/modules/orgs/index.server";
import { requireClassroomRoute } from "~/utils/classroom-route.server";
import { replyWithFailure } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "classroom.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center, cohortId } = await requireClassroomRoute(request, params);
  const { cohort, sessions } = await classroomSessionsOfCohort(database, user, center, cohortId);
  const [courses, level] = await Promise.all([
    classroomCourses(database, cohort.levelSlug, center),
    levelConfigOf(database, cohort.levelSlug),
  ]);
  return {
    center: { id: center.id },
    cohort: { id: cohort.id, name: cohort.name, closed: cohort.closedAt !== null },
    sessions: sessions.map((s) => ({
      ...s,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      cancelledAt: s.cancelledAt?.toISOString() ?? null,
    })),
    courses,
    classroomHours: level?.classroomHours ?? null,
    canManage: can(user, "manage:center", { centerId: center.id }),
  };
}

type ActionResult = {
  intent: "schedule" | "edit" | "cancel";
  sessionId?: string;
  result?: SubmissionResult<string[]>;
  done?: boolean;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center, cohortId } = await requireClassroomRoute(request, params);
  await requireClassroomManager(database, user, center, cohortId);
  const submission = parseWithZod(await request.formData(), { schema: classroomSessionsSchema });
  if (submission.status !== "success") {
    const intent = submission.payload.intent === "edit" ? "edit" : "schedule";
    const sessionId = typeof submission.payload.sessionId === "string" ? submission.payload.sessionId : undefined;
    return data<ActionResult>({ intent, sessionId, result: submission.reply() }, { status: 400 });
  }
  const value = submission.value;
  if (value.intent === "cancel") {
    await cancelClassroomSession(database, user, center, cohortId, value.sessionId);
    return data<ActionResult>({ intent: "cancel", done: true });
  }
  const outcome =
    value.intent === "schedule"
      ? await scheduleClassroomSession(database, user, center, cohortId, value)
      : await editClassroomSession(database, user, center, cohortId, value.sessionId, value);
  const sessionId = value.intent === "edit" ? value.sessionId : undefined;
  if (!outcome.ok)
    return data<ActionResult>(
      { intent: value.intent, sessionId, result: replyWithFailure(submission, outcome) },
      { status: 400 },
    );
  return data<ActionResult>({
    intent: value.intent,
    sessionId,
    result: submission.reply({ resetForm: true }),
    done: true,
  });
}

export default function ClassroomSessionsPage() {
  const { t } = useTranslation();
  const { center, cohort, sessions, courses, classroomHours, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const base = `/manage/organizations/${center.id}/cohorts/${cohort.id}`;
  return (
    <div className="space-y-6">
      <PageHeader title={t("classroom.titleOf", { cohort: cohort.name })}>
        <Link to={base} className="link text-sm">
          {t("classroom.backToCohort")}
        </Link>
      </PageHeader>
      <p className="text-slate-700">{t("classroom.intro", { seconds: CHECK_IN_WINDOW_SECONDS })}</p>
      <p className="text-sm text-slate-700">
        {classroomHours?.count
          ? classroomHours.cap === undefined
            ? t("classroom.hoursRuleUncapped")
            : t("classroom.hoursRule", { cap: classroomHours.cap })
          : t("classroom.hoursNotCounted")}
      </p>
      <section className="card" aria-labelledby="classroom-sessions-heading">
        <h2 id="classroom-sessions-heading" className="text-lg font-semibold">
          {t("classroom.onCohortPage")}
        </h2>
        {actionData?.done ? (
          <FormMessage tone="success">
            {t(
              actionData.intent === "schedule"
                ? "classroom.scheduled"
                : actionData.intent === "edit"
                  ? "classroom.changed"
                  : "classroom.cancelledDone",
            )}
          </FormMessage>
        ) : null}
        <ClassroomSessionTable
          base={base}
          sessions={sessions}
          courses={courses}
          canManage={canManage}
          renderEdit={(session) => (
            <ClassroomSessionForm
              courses={courses}
              session={session}
              lastResult={
                actionData?.intent === "edit" && actionData.sessionId === session.id ? actionData.result : null
              }
            />
          )}
          renderCancel={(sessionId) => (
            <Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              <input type="hidden" name="sessionId" value={sessionId} />
              <button type="submit" className="btn-secondary px-3 py-1.5">
                {t("classroom.cancel")}
              </button>
            </Form>
          )}
        />
        {canManage && !cohort.closed ? (
          <>
            <h3 className="mt-6 font-semibold">{t("classroom.scheduleTitle")}</h3>
            <ClassroomSessionForm
              courses={courses}
              lastResult={actionData?.intent === "schedule" ? actionData.result : null}
            />
          </>
        ) : null}
      </section>
    </div>
  );
}
