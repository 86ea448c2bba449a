import type { Question, QuestionPart } from "./question-schemas";

/** What a candidate may see of a question part. */
export type PartContent =
  | { type: "single"; stem: string; options: string[]; pointsTenths: number }
  | { type: "multiple"; stem: string; options: string[]; pointsTenths: number }
  | { type: "true_false"; stem: string; pointsTenths: number }
  | { type: "fill_in"; stem: string; pointsTenths: number }
  | { type: "essay"; stem: string; pointsTenths: number };

/** What only the server knows: the answer (or rubric) and the explanation. */
export type PartKey =
  | { type: "single"; answer: number; explanation: string }
  | { type: "multiple"; answer: number[]; explanation: string }
  | { type: "true_false"; answer: boolean; explanation: string }
  | { type: "fill_in"; answer: string[]; explanation: string }
  | { type: "essay"; rubric: string; explanation: string };

export type QuestionContent =
  | PartContent
  | { type: "case"; scenario: string; parts: PartContent[]; pointsTenths: number };
export type QuestionKey = PartKey | { type: "case"; parts: PartKey[]; explanation?: string };

const tenths = (points: number) => Math.round(points * 10);

function splitPart(part: QuestionPart): { content: PartContent; key: PartKey } {
  const pointsTenths = tenths(part.points);
  switch (part.type) {
    case "single":
    case "multiple":
      return {
        content: { type: part.type, stem: part.stem, options: part.options, pointsTenths },
        key: part.type === "single"
          ? { type: "single", answer: part.answer, explanation: part.explanation }
          : { type: "multiple", answer: [...part.answer].sort((a, b) => a - b), explanation: part.explanation },
      };
    case "true_false":
      return { content: { type: part.type, stem: part.stem, pointsTenths }, key: { type: part.type, answer: part.answer, explanation: part.explanation } };
    case "fill_in":
      return { content: { type: part.type, stem: part.stem, pointsTenths }, key: { type: part.type, answer: part.answer, explanation: part.explanation } };
    case "essay":
      return { content: { type: part.type, stem: part.stem, pointsTenths }, key: { type: part.type, rubric: part.rubric, explanation: part.explanation } };
  }
}

/** Splits a question into what may be shown and what stays on the server, with its total points. */
export function splitQuestion(question: Question): { content: QuestionContent; key: QuestionKey; pointsTenths: number } {
  if (question.type === "case") {
    const parts = question.parts.map(splitPart);
    const pointsTenths = parts.reduce((n, p) => n + p.content.pointsTenths, 0);
    return {
      content: { type: "case", scenario: question.scenario, parts: parts.map((p) => p.content), pointsTenths },
      key: { type: "case", parts: parts.map((p) => p.key), explanation: question.explanation },
      pointsTenths,
    };
  }
  const { content, key } = splitPart(question);
  return { content, key, pointsTenths: content.pointsTenths };
}
