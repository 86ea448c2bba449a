import { z } from "zod";
import { OPTION_LETTERS, type QuestionFields } from "./question-input";

/** The forms of the authoring screens (docs/authoring.md). Messages are catalog keys. */
const text = (max: number) => z.string().max(max, "authoring.problems.tooLong").optional().default("");

export const questionFormSchema = z.object({
  intent: z.literal("save"),
  changeId: z.string().uuid().optional(),
  revision: z.coerce.number().int().optional(),
  baseVersion: z.coerce.number().int().optional(),
  place: z.string({ required_error: "authoring.problems.topic" }).max(120),
  id: z.string({ required_error: "authoring.problems.id" }).max(80),
  type: z.string({ required_error: "authoring.problems.type" }).max(16),
  difficulty: z.string({ required_error: "authoring.problems.difficulty" }).max(4),
  points: text(8),
  stem: text(4000),
  ...Object.fromEntries(OPTION_LETTERS.map((l) => [`option${l}`, text(300)])) as Record<`option${(typeof OPTION_LETTERS)[number]}`, ReturnType<typeof text>>,
  answer: text(1000),
  explanation: text(2000),
  rubric: text(4000),
  parts: text(20000),
});
export type QuestionFormValues = z.output<typeof questionFormSchema>;

/** The form's values as the fields fieldsToQuestion reads. */
export function formToFields(values: QuestionFormValues): QuestionFields {
  return {
    id: values.id,
    type: values.type,
    difficulty: values.difficulty,
    points: values.points,
    stem: values.stem,
    options: OPTION_LETTERS.map((l) => values[`option${l}`]),
    answer: values.answer,
    explanation: values.explanation,
    rubric: values.rubric,
    parts: values.parts,
  };
}

export const changeActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit") }),
  z.object({ intent: z.literal("withdraw") }),
  z.object({ intent: z.literal("approve"), comment: z.string().max(2000).optional() }),
  z.object({ intent: z.literal("return"), comment: z.string({ required_error: "authoring.problems.commentRequired" }).max(2000) }),
  z.object({ intent: z.literal("publish") }),
]);

export const retireSchema = z.object({ intent: z.literal("retire"), baseVersion: z.coerce.number().int() });

export const questionSearchSchema = z.object({
  level: z.string().max(32).optional(),
  topic: z.string().max(80).optional(),
  type: z.string().max(16).optional(),
  status: z.enum(["active", "retired", "pending"]).optional(),
  text: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
});
