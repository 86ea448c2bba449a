import { z } from "zod";
import { parseChinaLocal } from "~/utils/china-time";

// Client-safe: the classroom forms type their fields with these; the routes parse with them.

export const ATTENDANCE_STATUSES = ["present", "late", "absent", "excused"] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
/** Statuses whose session's hours count as attended: a late arrival still sat the class. */
export const ATTENDED_STATUSES: readonly AttendanceStatus[] = ["present", "late"];

/** The check-in code changes every this many seconds; the current and the previous code are accepted. */
export const CHECK_IN_WINDOW_SECONDS = 45;
/** Trainees may check in from this long before the start until the end. */
export const CHECK_IN_OPENS_MINUTES_BEFORE = 30;

const required = (message: string) => z.string({ required_error: message }).trim().min(1, message);

const sessionFields = {
  date: required("classroom.errors.date").regex(/^\d{4}-\d{2}-\d{2}$/, "classroom.errors.date"),
  startTime: required("classroom.errors.time").regex(/^\d{2}:\d{2}$/, "classroom.errors.time"),
  endTime: required("classroom.errors.time").regex(/^\d{2}:\d{2}$/, "classroom.errors.time"),
  place: required("classroom.errors.place").max(200, "validation.text.tooLong"),
  lecturer: required("classroom.errors.lecturer").max(100, "validation.text.tooLong"),
  hours: z.coerce
    .number({ required_error: "classroom.errors.hours", invalid_type_error: "classroom.errors.hours" })
    .min(0, "classroom.errors.hours")
    .max(24, "classroom.errors.hours")
    // Tenths of an hour at most: the form's step, and what the sheet shows.
    .refine((h) => Number.isInteger(Math.round(h * 10 * 1e6) / 1e6), "classroom.errors.hours"),
  topic: z
    .string()
    .trim()
    .max(500, "validation.text.tooLong")
    .optional()
    .transform((v) => v || null),
  courseSlug: z
    .string()
    .trim()
    .max(80, "classroom.errors.course")
    .optional()
    .transform((v) => v || null),
  graceMinutes: z.coerce
    .number({ invalid_type_error: "classroom.errors.grace" })
    .int("classroom.errors.grace")
    .min(0, "classroom.errors.grace")
    .max(240, "classroom.errors.grace")
    .default(10),
};

export const scheduleClassroomSchema = z.object({ intent: z.literal("schedule"), ...sessionFields });
/** The fields of a classroom session as typed; `classroomTimes` turns the date and times into instants. */
export type ClassroomSessionFields = Omit<z.output<typeof scheduleClassroomSchema>, "intent">;
export const editClassroomSchema = z.object({
  intent: z.literal("edit"),
  sessionId: z.string().uuid(),
  ...sessionFields,
});
export const cancelClassroomSchema = z.object({ intent: z.literal("cancel"), sessionId: z.string().uuid() });
export const classroomSessionsSchema = z.discriminatedUnion("intent", [
  scheduleClassroomSchema,
  editClassroomSchema,
  cancelClassroomSchema,
]);

/** Staff mark members by hand: a status per member row; a row left empty changes nothing. */
export const markAttendanceSchema = z.object({
  intent: z.literal("mark"),
  marks: z
    .array(
      z.object({
        userId: z.string().uuid(),
        status: z.enum(ATTENDANCE_STATUSES, { message: "classroom.errors.status" }).optional(),
      }),
    )
    .max(2000)
    .default([])
    .transform((rows) => rows.flatMap((r) => (r.status ? [{ userId: r.userId, status: r.status }] : []))),
});

/** The session's start and end as instants (times in China); null with the field to fix when they are not a span. */
export function classroomTimes(
  fields: Pick<ClassroomSessionFields, "date" | "startTime" | "endTime">,
): { startsAt: Date; endsAt: Date } | { field: "startTime" | "endTime"; message: string } {
  const startsAt = parseChinaLocal(`${fields.date}T${fields.startTime}`);
  const endsAt = parseChinaLocal(`${fields.date}T${fields.endTime}`);
  if (!startsAt) return { field: "startTime", message: "classroom.errors.time" };
  if (!endsAt) return { field: "endTime", message: "classroom.errors.time" };
  if (endsAt <= startsAt) return { field: "endTime", message: "classroom.errors.endBeforeStart" };
  return { startsAt, endsAt };
}

/** Minutes as hours with one decimal, as the sheet and the forms show them. */
export const minutesToHours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
