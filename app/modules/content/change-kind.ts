import type { DbOrTx } from "#db/client";
import type { Failure } from "~/utils/failure";

export type ChangeAction = "create" | "update" | "retire";

/** A change as a kind's handler sees it when it is applied. */
export interface ChangeToApply<P> {
  id: string;
  action: ChangeAction;
  targetId: string | null;
  payload: P;
}

/**
 * What one kind of curriculum change (a question, a course, a lesson, a blueprint, …) tells the workflow in
 * changes.server.ts. The workflow does the rest: drafts, optimistic concurrency, review, publishing in one
 * transaction, the audit log and the diff. Register the handler in change-kinds.server.ts.
 */
export interface ChangeKind<P> {
  /** Validates an author's payload for this action (a retire carries none); a failure names the field. */
  parse(action: ChangeAction, payload: unknown): { ok: true; value: P } | Failure;
  /** A short label for lists and the audit log ("junior/ip-basics/ip-001"). */
  label(db: DbOrTx, action: ChangeAction, targetId: string | null, payload: P): Promise<string>;
  /** The target's current version, or null when there is no such target. */
  currentVersion(db: DbOrTx, targetId: string): Promise<number | null>;
  /**
   * Applies the payload inside the publishing transaction and returns the target and the version it now has.
   * May refuse (e.g. a new question's id already taken): the transaction is then rolled back.
   */
  apply(tx: DbOrTx, change: ChangeToApply<P>, now: Date): Promise<{ ok: true; targetId: string; version: number } | Failure>;
  /** Readable text of a version of the target (null: the current one), for the side-by-side diff. */
  snapshot(db: DbOrTx, targetId: string, version: number | null): Promise<string | null>;
  /** The readable text of a payload, for the diff of a change against its base. */
  render(payload: P): string;
  /**
   * Checks the would-be state (the curriculum as it is now with this change applied), run when the change is
   * submitted, shown on its page and run again inside the publishing transaction: a refusal stops the step with
   * its reason; warnings are shown but do not stop it (e.g. an exam section whose pool is under 3× its draw).
   */
  check?(db: DbOrTx, change: Omit<ChangeToApply<P>, "id">): Promise<ChangeCheck>;
}

/** A message for the person (a catalog key and its values). */
export interface ChangeNotice {
  message: string;
  values?: Record<string, string | number>;
}

export interface ChangeCheck {
  refusal: Failure | null;
  warnings: ChangeNotice[];
}
