import { z } from "zod";
import { SYLLABUS_MODULES } from "./schemas";

const text = (max: number) => z.string().trim().min(1, "validation.required").max(max, "electives.errors.tooLong");

/** The form of a new elective: the course and its first lesson. Messages are catalog keys. */
export const electiveSchema = z.object({
  levelSlug: text(32),
  module: z.enum(SYLLABUS_MODULES, { errorMap: () => ({ message: "electives.errors.module" }) }),
  titleZh: text(200),
  titleEn: text(200),
  summaryZh: text(1000),
  summaryEn: text(1000),
  objectives: text(2000),
  lessonTitleZh: text(200),
  lessonTitleEn: text(200),
  minutes: z.coerce.number({ invalid_type_error: "electives.errors.minutes" }).int("electives.errors.minutes").min(1, "electives.errors.minutes").max(240, "electives.errors.minutes"),
  markdown: text(100_000),
});
export type ElectiveInput = z.infer<typeof electiveSchema>;

