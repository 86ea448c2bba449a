import type { Database } from "#db/client";
import { connect } from "~/utils/db.server";
import { createLimit, limitsFor, type LimitStore } from "~/utils/rate-limit.server";
import { singleton } from "~/utils/singleton.server";

/**
 * The exam's limits (docs/exam-integrity.md), shared by every app copy on PostgreSQL (decision 014): a
 * candidate behind a load balancer gets one budget, not one per copy.
 */
/** The limits over `database`; `store` chooses where they count (by default: the table on PostgreSQL). */
export function examLimitsOn(database: Database, store?: LimitStore) {
  return {
    /** Wrong access codes per person and session: ten per quarter hour, so six digits cannot be guessed. */
    wrongCode: createLimit(database, { name: "exam_wrong_code", points: 10, seconds: 15 * 60 }, store),
    /** Integrity events per person and attempt: 30 a minute; a flood is refused before any other database work. */
    events: createLimit(database, { name: "exam_events", points: 30, seconds: 60 }, store),
  };
}

export type ExamLimits = ReturnType<typeof examLimitsOn>;

const perDatabase = singleton("exam-limits", () => new WeakMap<Database, ExamLimits>());

/** The exam limits of this process's database. */
export async function examLimits(): Promise<ExamLimits> {
  const database = await connect();
  return limitsFor(perDatabase, database, () => examLimitsOn(database));
}
