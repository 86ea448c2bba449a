import { z } from "zod";
import { SYLLABUS_MODULES } from "./schemas";

/**
 * The forms of the level, course and lesson editors (docs/authoring.md). Messages are catalog keys, translated
 * where they are shown; the change kinds check the result again with the content/ schemas.
 */
const whole = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: "curriculum.form.number", required_error: "curriculum.form.number" })
    .int("curriculum.form.whole")
    .min(min, "curriculum.form.range")
    .max(max, "curriculum.form.range");
const decimal = (min: number, max: number) =>
  z.coerce.number({ invalid_type_error: "curriculum.form.number", required_error: "curriculum.form.number" }).min(min, "curriculum.form.range").max(max, "curriculum.form.range");
const required = (max: number) => z.string({ required_error: "curriculum.form.required" }).trim().min(1, "curriculum.form.required").max(max, "authoring.problems.tooLong");
const slug = z
  .string({ required_error: "curriculum.form.slug" })
  .trim()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "curriculum.form.slug")
  .max(80, "curriculum.form.slug");
const list = z.array(z.string().max(80)).max(50).default([]);
const draft = {
  intent: z.literal("save"),
  changeId: z.string().uuid().optional(),
  revision: z.coerce.number().int().optional(),
  baseVersion: z.coerce.number().int().optional(),
};

export const levelFormSchema = z.object({
  ...draft,
  requiredCourses: required(2000),
  minStudyHours: decimal(0, 1000),
  prerequisites: list,
  validityYears: whole(1, 20),
  renewalHours: decimal(0, 1000),
  continuingEducationCourses: list,
  durationMinutes: whole(5, 600).optional(),
  passPercent: decimal(1, 100).optional(),
  attemptLimit: whole(1, 20).optional(),
  waitHoursBetweenAttempts: decimal(0, 24 * 365).optional(),
  review: z.enum(["score", "answers_after_close"]).optional(),
  sections: z
    .array(
      z.object({
        nameZh: z.string().trim().max(200, "authoring.problems.tooLong").optional(),
        nameEn: z.string().trim().max(200, "authoring.problems.tooLong").optional(),
        draw: whole(1, 200).optional(),
        types: list,
        topics: list,
        remove: z.string().optional(),
      }),
    )
    .max(20)
    .default([]),
});
export type LevelFormValues = z.output<typeof levelFormSchema>;

export const courseFormSchema = z.object({
  ...draft,
  levelSlug: required(32),
  slug,
  module: z.enum(SYLLABUS_MODULES, { errorMap: () => ({ message: "curriculum.form.module" }) }),
  titleZh: required(200),
  titleEn: required(200),
  summaryZh: required(1000),
  summaryEn: required(1000),
  objectives: required(2000),
  sequential: z.string().optional(),
  intro: z.string().max(200_000, "authoring.problems.tooLong").optional().default(""),
  lessonSlugs: z.array(z.string().max(80)).max(200).default([]),
  lessonPositions: z.array(whole(1, 200)).max(200).default([]),
});
export type CourseFormValues = z.output<typeof courseFormSchema>;

export const lessonFormSchema = z.object({
  ...draft,
  courseId: z.string().uuid(),
  slug,
  titleZh: required(200),
  titleEn: required(200),
  minutes: whole(1, 240),
  markdown: z.string().max(200_000, "authoring.problems.tooLong").optional().default(""),
  selfCheck: z
    .array(
      z.object({
        question: z.string().trim().max(500, "authoring.problems.tooLong").optional(),
        options: z.string().max(2000, "authoring.problems.tooLong").optional(),
        answer: z.coerce.number().int().min(1, "curriculum.form.selfCheckAnswer").max(6, "curriculum.form.selfCheckAnswer").optional(),
        explanation: z.string().trim().max(1000, "authoring.problems.tooLong").optional(),
      }),
    )
    .max(10)
    .default([]),
});
export type LessonFormValues = z.output<typeof lessonFormSchema>;

/** Lines of a textarea, trimmed, without the empty ones. */
export const linesOf = (text: string | undefined) =>
  (text ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
