import { z } from "zod";
import { parseChinaLocal } from "~/utils/china-time";

// Client-safe: the session form types its fields with these; the pages' actions parse with them.

const localTime = z
  .string({ required_error: "validation.session.time" })
  .transform(
    (v, ctx) => parseChinaLocal(v) ?? (ctx.addIssue({ code: "custom", message: "validation.session.time" }), z.NEVER),
  );

export const scheduleSessionSchema = z.object({
  intent: z.literal("schedule"),
  name: z
    .string({ required_error: "validation.session.name" })
    .trim()
    .min(1, "validation.session.name")
    .max(100, "validation.session.name"),
  levelSlug: z
    .string({ required_error: "validation.level.unknown" })
    .min(1, "validation.level.unknown")
    .max(32, "validation.level.unknown"),
  location: z
    .string()
    .trim()
    .max(200, "validation.text.tooLong")
    .optional()
    .transform((v) => v || null),
  opensAt: localTime,
  closesAt: localTime,
  cohortId: z
    .string()
    .uuid("validation.session.unknownCohort")
    .optional()
    .transform((v) => v ?? null),
  // None ticked arrives as no field at all.
  traineeIds: z.array(z.string().uuid("validation.cohort.notTrainee")).max(2000).default([]),
});

export const cancelSessionSchema = z.object({ intent: z.literal("cancel"), sessionId: z.string().uuid() });

/** A scheduled session moved: its window and place (the candidates stay). */
export const rescheduleSessionSchema = z.object({
  intent: z.literal("reschedule"),
  sessionId: z.string().uuid(),
  location: scheduleSessionSchema.shape.location,
  opensAt: localTime,
  closesAt: localTime,
});

/** The schedule/reschedule/cancel intents shared by the cohort page and the center's sessions page. */
export const examSessionSchema = z.discriminatedUnion("intent", [
  scheduleSessionSchema,
  rescheduleSessionSchema,
  cancelSessionSchema,
]);
export type ExamSessionIntent = z.output<typeof examSessionSchema>;
