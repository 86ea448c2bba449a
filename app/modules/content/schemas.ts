import { z } from "zod";

export const SYLLABUS_MODULES = ["公共知识", "政策法规", "实务技能", "能力提升"] as const;
export type SyllabusModule = (typeof SYLLABUS_MODULES)[number];

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case letters, digits and single hyphens")
  .max(80);
const bilingual = z.object({
  zh: z.string().trim().min(1, "the Chinese text is missing").max(200),
  en: z.string().trim().min(1, "the English text is missing").max(200),
});

export const prerequisiteSchema = z.object({
  level: slug,
  // What of the lower level must be held: today a valid certificate (or a recorded equivalent).
  requires: z.literal("certificate"),
});

const QUESTION_TYPE_NAMES = ["single", "multiple", "true_false", "fill_in", "essay", "case"] as const;

/** One section of an exam: how many questions to draw, and from which part of the bank. */
export const examSectionSchema = z
  .object({
    name: bilingual,
    draw: z.number().int().min(1).max(200),
    modules: z.array(z.enum(SYLLABUS_MODULES)).optional(),
    topics: z.array(slug).optional(),
    types: z.array(z.enum(QUESTION_TYPE_NAMES)).optional(),
    difficulty: z
      .object({ min: z.number().int().min(1).max(5), max: z.number().int().min(1).max(5) })
      .refine((d) => d.min <= d.max, "min must not exceed max")
      .optional(),
  })
  .strict();

/**
 * What an exam page may record about the candidate (docs/exam-integrity.md): leaving the page or window,
 * leaving fullscreen, copying or pasting, the connection dropping and coming back, a change of address.
 */
export const INTEGRITY_EVENT_KINDS = [
  "page_hidden",
  "window_blur",
  "fullscreen_exit",
  "copy",
  "paste",
  "offline",
  "online",
  "ip_change",
] as const;
export type IntegrityEventKind = (typeof INTEGRITY_EVENT_KINDS)[number];

/** An exam's integrity policy: which events are recorded, whether the page warns, when the proctor is alerted. */
export const integrityPolicySchema = z
  .object({
    record: z
      .array(
        z.enum(INTEGRITY_EVENT_KINDS, {
          errorMap: () => ({ message: `must be one of ${INTEGRITY_EVENT_KINDS.join(" / ")}` }),
        }),
      )
      .default([...INTEGRITY_EVENT_KINDS]),
    // Tell the candidate on the page when an event was recorded.
    warnCandidate: z.boolean({ invalid_type_error: "must be true or false" }).default(true),
    // The proctor console marks a candidate once they have this many recorded events.
    alertProctorAfter: z
      .number({ invalid_type_error: "must be a whole number from 1 to 1000" })
      .int("must be a whole number from 1 to 1000")
      .min(1, "must be a whole number from 1 to 1000")
      .max(1000, "must be a whole number from 1 to 1000")
      .default(3),
  })
  .strict();
export type IntegrityPolicy = z.infer<typeof integrityPolicySchema>;
/** Without an `integrity` entry an exam records every event, warns on the page, and alerts after three. */
export const DEFAULT_INTEGRITY_POLICY: IntegrityPolicy = {
  record: [...INTEGRITY_EVENT_KINDS],
  warnCandidate: true,
  alertProctorAfter: 3,
};

export const examSchema = z
  .object({
    title: bilingual,
    durationMinutes: z.number().int().min(5).max(600),
    passPercent: z.number().min(1).max(100),
    attemptLimit: z.number().int().min(1).max(20),
    waitHoursBetweenAttempts: z.number().min(0).max(24 * 365),
    // score: the score only; answers_after_close: also the right answers and explanations once the window closes.
    review: z.enum(["score", "answers_after_close"]),
    // When the exam may be taken at all; without it, whenever a trainee is eligible. Exam sessions that
    // centers schedule narrow this further (exams issue, to come).
    window: z
      .object({ opensAt: z.coerce.date().optional(), closesAt: z.coerce.date().optional() })
      .refine((w) => !w.opensAt || !w.closesAt || w.opensAt < w.closesAt, "opensAt must come before closesAt")
      .optional(),
    sections: z.array(examSectionSchema).min(1, "an exam has at least one section"),
    integrity: integrityPolicySchema.optional(),
  })
  .strict();
export type ExamConfig = z.infer<typeof examSchema>;

/**
 * When a trainee may mark a lesson complete: at least this share of its estimated minutes studied (the
 * server-capped heartbeats) and, where asked, every self-check question answered (right or wrong).
 */
export const lessonCompletionSchema = z
  .object({
    minShareOfEstimate: z
      .number({ invalid_type_error: "must be a number from 0 to 1 (e.g. 0.5 = half the estimated minutes)" })
      .min(0, "must be from 0 to 1 (e.g. 0.5 = half the estimated minutes)")
      .max(1, "must be from 0 to 1 (e.g. 0.5 = half the estimated minutes)"),
    requireSelfCheck: z.boolean({ invalid_type_error: "must be true or false" }),
  })
  .strict();
export type LessonCompletionRule = z.infer<typeof lessonCompletionSchema>;
export const DEFAULT_LESSON_COMPLETION: LessonCompletionRule = { minShareOfEstimate: 0.5, requireSelfCheck: true };

export const levelSchema = z.object({
  slug,
  code: z.string().regex(/^[A-Z]{1,4}$/, "must be 1–4 capital letters"),
  name: bilingual,
  prerequisites: z.array(prerequisiteSchema).default([]),
  requiredCourses: z.array(slug).min(1, "a level needs at least one required course"),
  // This level's own lesson completion rule, in place of the file-wide one (either key may be left out).
  lessonCompletion: lessonCompletionSchema.partial().optional(),
  minStudyHours: z.number().min(0).max(1000),
  // Whether hours attended in the center's classroom sessions (present or late) count toward minStudyHours,
  // and at most how many (docs/classroom.md). Absent: they do not count.
  classroomHours: z
    .object({
      count: z.boolean({ invalid_type_error: "must be true or false" }),
      cap: z
        .number({ invalid_type_error: "must be a number of hours" })
        .min(0, "must be 0 or more hours")
        .max(1000, "must be at most 1000 hours")
        .optional(),
    })
    .strict()
    .optional(),
  exam: examSchema.nullable().default(null),
  certificate: z
    .object({
      validityYears: z.number().int().min(1).max(20),
      // Continuing-education hours that renew the certificate for another validity period.
      renewalHours: z.number().min(0).max(1000),
      // Courses whose study counts as continuing education toward renewal.
      continuingEducationCourses: z.array(slug).default([]),
      // Approved portfolio cases and a passed case defence (答辩), where the level asks for them.
      portfolioCases: z.number().int().min(0).max(50).default(0),
      caseDefence: z.boolean().default(false),
    })
    .strict(),
});
export type LevelConfig = z.infer<typeof levelSchema>;

export const levelsFileSchema = z.object({
  studyTime: z.object({
    // The most study time one lesson can count, as a multiple of its estimated minutes.
    maxMultipleOfEstimate: z.number().min(1).max(10),
  }),
  certificates: z
    .object({
      // How many days before expiry the holder is reminded by e-mail.
      reminderDaysBefore: z.number().int().min(1).max(365),
    })
    .default({ reminderDaysBefore: 60 }),
  lessonCompletion: lessonCompletionSchema.default(DEFAULT_LESSON_COMPLETION),
  levels: z.array(levelSchema).min(1),
});
export type LevelsFile = z.infer<typeof levelsFileSchema>;

export const courseFrontMatterSchema = z.object({
  slug,
  title: bilingual,
  module: z.enum(SYLLABUS_MODULES, {
    errorMap: () => ({ message: `must be one of ${SYLLABUS_MODULES.join(" / ")}` }),
  }),
  summary: z.object({
    zh: z.string().trim().min(1, "the Chinese summary is missing").max(1000),
    en: z.string().trim().min(1, "the English summary is missing").max(1000),
  }),
  objectives: z.array(z.string().trim().min(1).max(200)).min(1, "list at least one objective").max(10),
  // Lessons in order: a lesson can be marked complete only after every lesson before it.
  sequential: z.boolean({ invalid_type_error: "must be true or false" }).optional(),
});
export type CourseFrontMatter = z.infer<typeof courseFrontMatterSchema>;

export const selfCheckSchema = z
  .object({
    question: z.string().trim().min(1, "the question is missing").max(500),
    options: z.array(z.string().trim().min(1).max(300)).min(2, "give at least two options").max(6),
    answer: z.number().int().min(0),
    explanation: z.string().trim().min(1, "the explanation is missing").max(1000),
  })
  .refine((q) => q.answer < q.options.length, { message: "answer points past the last option", path: ["answer"] });

export const lessonFrontMatterSchema = z.object({
  title: bilingual,
  minutes: z.number().int().min(1).max(240),
  selfCheck: z.array(selfCheckSchema).max(10).default([]),
});
export type LessonFrontMatter = z.infer<typeof lessonFrontMatterSchema>;

/** Lessons teach at least this many Chinese characters (content standard of the curriculum issue). */
export const MIN_LESSON_HAN_CHARACTERS = 800;
export const countHan = (text: string) => (text.match(/\p{Script=Han}/gu) ?? []).length;
