import { data } from "@remix-run/node";
import { z } from "zod";
import { parseShanghaiLocal } from "~/i18n/config";
import type { SessionUser } from "~/modules/auth/index.server";
import { cancelExamSession, scheduleExamSession } from "~/modules/exams/index.server";
import type { DbOrTx } from "#db/client";
import { notFound } from "~/utils/errors.server";

const localTime = z
  .string()
  .transform((v, ctx) => parseShanghaiLocal(v) ?? (ctx.addIssue({ code: "custom", message: "validation.session.time" }), z.NEVER));
const scheduleSchema = z.object({
  name: z.string().trim().min(1, "validation.session.name").max(100, "validation.session.name"),
  levelSlug: z.string().min(1, "validation.level.unknown").max(32, "validation.level.unknown"),
  location: z.string().trim().max(200, "validation.text.tooLong").optional().transform((v) => v || null),
  opensAt: localTime,
  closesAt: localTime,
  cohortId: z.string().uuid("validation.session.unknownCohort").optional().transform((v) => v ?? null),
  traineeIds: z.array(z.string().uuid("validation.cohort.notTrainee")).max(2000),
});

/** The schedule/cancel intents shared by the cohort page and the center's sessions page. */
export async function handleExamSessionForm(
  database: DbOrTx,
  user: Pick<SessionUser, "id" | "memberships">,
  center: { id: string; regionId: string | null },
  form: FormData,
) {
  if (form.get("intent") === "cancel") {
    const sessionId = z.string().uuid().safeParse(form.get("sessionId"));
    if (!sessionId.success) throw notFound();
    await cancelExamSession(database, user, center, sessionId.data);
    return { sessionErrors: {} as Record<string, string>, scheduled: false };
  }
  const parsed = scheduleSchema.safeParse({ ...Object.fromEntries(form), traineeIds: form.getAll("traineeIds") });
  if (!parsed.success) {
    const sessionErrors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return data({ sessionErrors, scheduled: false }, { status: 400 });
  }
  const outcome = await scheduleExamSession(database, user, center, parsed.data);
  if (!outcome.ok) return data({ sessionErrors: { [outcome.field]: outcome.error } as Record<string, string>, scheduled: false }, { status: 400 });
  return { sessionErrors: {} as Record<string, string>, scheduled: true };
}
