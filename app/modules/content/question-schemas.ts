import { z } from "zod";
import { rubricCriteria } from "./rubric-criteria";
import { SYLLABUS_MODULES } from "./schemas";

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max);
const difficulty = z.number().int().min(1, "difficulty is 1 to 5").max(5, "difficulty is 1 to 5");
const explanation = text(2000);

const single = z
  .object({
    type: z.literal("single"),
    stem: text(1000),
    options: z.array(text(300)).min(2, "give at least two options").max(6),
    answer: z.number().int().min(0),
    points: z.number().positive().max(100).default(1),
    explanation,
  })
  .refine((q) => q.answer < q.options.length, { message: "answer points past the last option", path: ["answer"] });

const multiple = z
  .object({
    type: z.literal("multiple"),
    stem: text(1000),
    options: z.array(text(300)).min(3, "give at least three options").max(8),
    answer: z.array(z.number().int().min(0)).min(2, "a multiple-choice question has at least two correct options"),
    points: z.number().positive().max(100).default(1),
    explanation,
  })
  .refine((q) => q.answer.every((a) => a < q.options.length), { message: "an answer points past the last option", path: ["answer"] })
  .refine((q) => new Set(q.answer).size === q.answer.length, { message: "an answer is listed twice", path: ["answer"] })
  .refine((q) => q.answer.length < q.options.length, { message: "at least one option must be wrong", path: ["answer"] });

const trueFalse = z.object({
  type: z.literal("true_false"),
  stem: text(1000),
  answer: z.boolean({ invalid_type_error: "answer is true or false" }),
  points: z.number().positive().max(100).default(1),
  explanation,
});

const fillIn = z.object({
  type: z.literal("fill_in"),
  stem: text(1000),
  answer: z.array(z.coerce.string().trim().min(1)).min(1, "list every accepted answer"),
  points: z.number().positive().max(100).default(1),
  explanation,
});

const essay = z
  .object({
    type: z.literal("essay"),
    stem: text(2000),
    points: z.number().positive().max(100),
    rubric: text(4000),
    // The rubric already says what a good answer holds; reference points are optional.
    explanation: z.string().trim().max(2000).default(""),
  })
  .superRefine((q, ctx) => {
    // Graders score each criterion the rubric lists; the total is their sum, so it must be the question's points.
    const criteria = rubricCriteria(q.rubric);
    const sum = criteria.reduce((n, c) => n + c.pointsTenths, 0);
    if (criteria.length && sum !== Math.round(q.points * 10))
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["rubric"],
        message: `the rubric's criteria add up to ${sum / 10} points, not the question's ${q.points}`,
      });
  });

/** The schema of each objective or essay question type, by its `type`. */
export const PART_SCHEMAS = { single, multiple, true_false: trueFalse, fill_in: fillIn, essay } as const;
export type PartType = keyof typeof PART_SCHEMAS;
export type QuestionPart = z.infer<(typeof PART_SCHEMAS)[PartType]>;
export const QUESTION_TYPES = ["single", "multiple", "true_false", "fill_in", "essay", "case"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** What every question has, whatever its type; the rest is checked by the type's own schema. */
export const questionBaseSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "lower-case letters, digits and hyphens"),
  type: z.enum(QUESTION_TYPES, { errorMap: () => ({ message: `must be one of ${QUESTION_TYPES.join(", ")}` }) }),
  difficulty,
});

export const caseSchema = z.object({
  type: z.literal("case"),
  scenario: text(4000),
  parts: z.array(z.object({ type: z.enum(["single", "multiple", "true_false", "fill_in", "essay"]) }).passthrough())
    .min(1, "a case has at least one part")
    .max(10),
  explanation: explanation.optional(),
});

export type Question =
  | ({ id: string; difficulty: number } & QuestionPart)
  | { id: string; difficulty: number; type: "case"; scenario: string; parts: QuestionPart[]; explanation?: string };

export const questionFileSchema = z.object({
  topic: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "lower-case letters, digits and hyphens"),
  title: z.object({ zh: text(200), en: text(200) }),
  module: z.enum(SYLLABUS_MODULES, { errorMap: () => ({ message: `must be one of ${SYLLABUS_MODULES.join(" / ")}` }) }),
  questions: z.array(z.unknown()).min(1, "a topic needs at least one question"),
});
