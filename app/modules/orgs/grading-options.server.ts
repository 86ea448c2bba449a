import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { organizations } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { notFound } from "~/utils/errors.server";
import { requirePermission } from "./permissions.server";
import type { SessionUser } from "./session.server";

/** A training center's grading options (docs/grading.md). */
export interface GradingOptions {
  anonymousMarking: boolean;
  secondMarking: boolean;
}

const columns = { anonymousMarking: organizations.anonymousMarking, secondMarking: organizations.secondMarking };

/** The center's grading options, as the exams area applies them when grading. */
export async function gradingOptionsOf(db: DbOrTx, centerId: string): Promise<GradingOptions> {
  const [row] = await db
    .select(columns)
    .from(organizations)
    .where(and(eq(organizations.id, centerId), eq(organizations.kind, "training_center")));
  if (!row) throw notFound();
  return row;
}

/** The center's staff switch its grading options; audited with what they were. */
export async function updateGradingOptions(
  db: DbOrTx,
  actor: Pick<SessionUser, "id" | "memberships">,
  centerId: string,
  options: GradingOptions,
): Promise<void> {
  requirePermission(actor, "manage:center", { centerId });
  await db.transaction(async (tx) => {
    const before = await gradingOptionsOf(tx, centerId);
    if (before.anonymousMarking === options.anonymousMarking && before.secondMarking === options.secondMarking) return;
    await tx
      .update(organizations)
      .set({ anonymousMarking: options.anonymousMarking, secondMarking: options.secondMarking })
      .where(eq(organizations.id, centerId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "organization.grading_options",
      targetType: "organization",
      targetId: centerId,
      before: { ...before },
      after: { ...options },
    });
  });
}
