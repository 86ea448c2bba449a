import type { ChangeKind } from "./change-kind";
import { courseChanges } from "./course-changes.server";
import { lessonChanges } from "./lesson-changes.server";
import { levelChanges } from "./level-changes.server";
import { questionChanges } from "./question-changes.server";

/**
 * Every kind of change the workflow (./changes.server.ts) knows, by the name stored in content_changes.kind.
 * A new kind: one entry here with its handler.
 */
export const CHANGE_KINDS = {
  question: registered(questionChanges),
  level: registered(levelChanges),
  course: registered(courseChanges),
  lesson: registered(lessonChanges),
};

// The workflow hands a kind back only the payloads that kind's own parse() produced.
function registered<P>(kind: ChangeKind<P>) {
  return kind as unknown as ChangeKind<unknown>;
}

export type ChangeKindName = keyof typeof CHANGE_KINDS;

export function changeKind(name: ChangeKindName): ChangeKind<unknown> {
  const kind = (CHANGE_KINDS as Record<string, ChangeKind<unknown> | undefined>)[name];
  if (!kind) throw new Error(`unknown content change kind "${String(name)}"`);
  return kind;
}
