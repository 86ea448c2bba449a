import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { caseDefences, caseEvidence, portfolioCases } from "#db/schema";
import { caseFacts } from "./review.server";

/** A person's portfolio: cases with their evidence files listed (name, type, size — the bytes stay downloadable). */
export async function portfolioDataOf(db: DbOrTx, userId: string) {
  const cases = await db
    .select({
      ...caseFacts,
      status: portfolioCases.status,
      reviewComment: portfolioCases.reviewComment,
      createdAt: portfolioCases.createdAt,
    })
    .from(portfolioCases)
    .where(eq(portfolioCases.userId, userId));
  const evidence = cases.length
    ? await db
        .select({
          id: caseEvidence.id,
          caseId: caseEvidence.caseId,
          fileName: caseEvidence.fileName,
          mimeType: caseEvidence.mimeType,
          size: caseEvidence.size,
          sha256: caseEvidence.sha256,
          uploadedAt: caseEvidence.uploadedAt,
        })
        .from(caseEvidence)
        .where(
          inArray(
            caseEvidence.caseId,
            cases.map((c) => c.id),
          ),
        )
    : [];
  const defences = await db
    .select({
      levelSlug: caseDefences.levelSlug,
      result: caseDefences.result,
      heldOn: caseDefences.heldOn,
      comment: caseDefences.comment,
    })
    .from(caseDefences)
    .where(eq(caseDefences.userId, userId));
  return {
    cases: cases.map((c) => ({ ...c, evidence: evidence.filter((e) => e.caseId === c.id) })),
    defences,
  };
}

/**
 * Erasure: evidence files go and each case keeps only its status, type, amount and dates (what the review and
 * the statistics of approved cases need); its title, role, registration number and description are cleared.
 */
export async function erasePortfolio(tx: DbOrTx, userId: string): Promise<void> {
  const cases = await tx
    .select({ id: portfolioCases.id })
    .from(portfolioCases)
    .where(eq(portfolioCases.userId, userId));
  if (!cases.length) return;
  const ids = cases.map((c) => c.id);
  await tx.delete(caseEvidence).where(inArray(caseEvidence.caseId, ids));
  await tx
    .update(portfolioCases)
    .set({ title: "—", role: "—", registrationNo: null, description: "", reviewComment: null })
    .where(inArray(portfolioCases.id, ids));
}
