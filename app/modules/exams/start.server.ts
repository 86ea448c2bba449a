import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { examAttempts } from "#db/schema";
import { cryptoRandom, drawExam } from "~/modules/content";
import { drawPool } from "~/modules/content/index.server";
import { isUniqueViolation } from "~/utils/errors.server";
import { type AccessRefusal, checkSessionAccess } from "./access.server";
import { examEligibility, type Ineligible } from "./eligibility.server";

// Written by every start: prepared once per database handle. Placeholders are not encoded by their columns: instants
// go as text and the drawn items as JSON text, each cast.
const insertStatement = preparedFor((db) =>
  db
    .insert(examAttempts)
    .values({
      userId: sql.placeholder("userId"),
      levelSlug: sql.placeholder("levelSlug"),
      startedAt: sql`${sql.placeholder("startedAt")}::timestamptz`,
      deadlineAt: sql`${sql.placeholder("deadlineAt")}::timestamptz`,
      sessionId: sql`${sql.placeholder("sessionId")}::uuid`,
      windowClosesAt: sql`${sql.placeholder("windowClosesAt")}::timestamptz`,
      items: sql`(${sql.placeholder("items")}::text)::jsonb`,
      maxTenths: sql.placeholder("maxTenths"),
      levelVersion: sql`${sql.placeholder("levelVersion")}::integer`,
      deviceHash: sql`${sql.placeholder("deviceHash")}::varchar`,
      lastIp: sql`${sql.placeholder("lastIp")}::varchar`,
      lastSeenAt: sql`${sql.placeholder("startedAt")}::timestamptz`,
    })
    .returning({ id: examAttempts.id })
    .prepare("start_exam_attempt"),
);

export type StartResult =
  | { ok: true; attemptId: string; resumed: boolean }
  | { ok: false; reasons: (Ineligible | AccessRefusal)[] }
  | { ok: false; reasons: []; bankTooSmall: true };

/**
 * Starts an attempt: draws and freezes the questions and option orders, and sets the server's deadline.
 * Cheap (a few reads, one insert). An open attempt is resumed instead; two starts racing end with one
 * attempt, held by the unique index on open attempts. `held`: the levels the person holds (see examEligibility).
 * `access`: the caller's address and the access code typed, checked against the session's code and networks
 * (without it: no address, no code, so a session that asks either refuses). `deviceHash`: the browser the new
 * attempt is bound to (integrity.server.ts).
 */
export async function startAttempt(
  db: DbOrTx,
  userId: string,
  levelSlug: string,
  options: {
    held: ReadonlySet<string>;
    now?: Date;
    random?: () => number;
    access?: { ip: string; accessCode?: string | null };
    deviceHash?: string | null;
  },
): Promise<StartResult> {
  const now = options.now ?? new Date();
  const eligibility = await examEligibility(db, userId, levelSlug, options.held, now);
  if (eligibility.openAttemptId) return { ok: true, attemptId: eligibility.openAttemptId, resumed: true };
  if (eligibility.reasons.length) return { ok: false, reasons: eligibility.reasons };
  if (eligibility.session) {
    const refused = await checkSessionAccess(
      eligibility.session,
      { userId, ip: options.access?.ip ?? "unknown", accessCode: options.access?.accessCode },
      now,
    );
    if (refused.length) return { ok: false, reasons: refused };
  }
  // The pool carries each version's points, so the maximum needs no further read.
  const bank = await drawPool(db, levelSlug);
  const drawn = drawExam(bank, eligibility.exam.sections, options.random ?? cryptoRandom);
  if (!drawn.ok) return { ok: false, reasons: [], bankTooSmall: true };
  const points = new Map(bank.map((entry) => [entry.versionId, entry.pointsTenths]));
  const maxTenths = drawn.items.reduce((n, item) => n + points.get(item.versionId)!, 0);
  try {
    const windowClosesAt = eligibility.windowClosesAt;
    const [attempt] = await insertStatement(db).execute({
      userId,
      levelSlug,
      startedAt: now.toISOString(),
      // The earlier of the time allowed (with any extra time) and the window's close.
      deadlineAt: new Date(
        Math.min(
          now.getTime() + (eligibility.exam.durationMinutes + eligibility.accommodation.extraMinutes) * 60_000,
          windowClosesAt?.getTime() ?? Number.POSITIVE_INFINITY,
        ),
      ).toISOString(),
      sessionId: eligibility.session?.id ?? null,
      windowClosesAt: windowClosesAt?.toISOString() ?? null,
      items: JSON.stringify(drawn.items),
      maxTenths,
      // The rules it is sat under (the version eligibility read them at): a change published later applies to
      // new attempts only.
      levelVersion: eligibility.levelVersion,
      deviceHash: options.deviceHash ?? null,
      lastIp: options.access?.ip ?? null,
    });
    return { ok: true, attemptId: attempt!.id, resumed: false };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const [open] = await db
      .select({ id: examAttempts.id })
      .from(examAttempts)
      .where(
        and(eq(examAttempts.userId, userId), eq(examAttempts.levelSlug, levelSlug), eq(examAttempts.status, "open")),
      );
    if (!open) throw error;
    return { ok: true, attemptId: open.id, resumed: true };
  }
}
