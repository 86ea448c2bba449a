import type { PartContent, PartKey, QuestionContent, QuestionKey } from "./question-parts";
import type { Question, QuestionPart } from "./question-schemas";

/** The inverse of splitQuestion: a stored version's two halves back into the question of the files. */
export function joinQuestion(externalId: string, difficulty: number, content: QuestionContent, key: QuestionKey): Question {
  if (content.type === "case" && key.type === "case") {
    const parts = content.parts.map((p, i) => joinPart(p, key.parts[i]!));
    const question: Question = { id: externalId, difficulty, type: "case", scenario: content.scenario, parts, explanation: key.explanation };
    return question;
  }
  return { id: externalId, difficulty, ...joinPart(content as PartContent, key as PartKey) } as Question;
}

function joinPart(content: PartContent, key: PartKey): QuestionPart {
  const points = content.pointsTenths / 10;
  switch (content.type) {
    case "single":
      return { type: "single", stem: content.stem, options: content.options, answer: (key as Extract<PartKey, { type: "single" }>).answer, points, explanation: key.explanation };
    case "multiple":
      return { type: "multiple", stem: content.stem, options: content.options, answer: (key as Extract<PartKey, { type: "multiple" }>).answer, points, explanation: key.explanation };
    case "true_false":
      return { type: "true_false", stem: content.stem, answer: (key as Extract<PartKey, { type: "true_false" }>).answer, points, explanation: key.explanation };
    case "fill_in":
      return { type: "fill_in", stem: content.stem, answer: (key as Extract<PartKey, { type: "fill_in" }>).answer, points, explanation: key.explanation };
    case "essay":
      return { type: "essay", stem: content.stem, rubric: (key as Extract<PartKey, { type: "essay" }>).rubric, points, explanation: key.explanation };
  }
}
