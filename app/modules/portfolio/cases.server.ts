import { createHash } from "node:crypto";
import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { caseEvidence, portfolioCases } from "#db/schema";
import { requirePermission } from "~/modules/orgs/index.server";
import { notFound } from "~/utils/errors.server";
import { maySeePortfolioOf, type Actor } from "./access.server";
import type { CaseInput } from "./case-input";
import { evidenceFileName, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_PER_CASE, sniffEvidenceType } from "./evidence-type";

/** Cases a trainee may still change; an approved case is frozen as reviewed. */
const EDITABLE = ["submitted", "returned"] as const;
export const isEditable = (status: string) => (EDITABLE as readonly string[]).includes(status);

/** Evidence as listed (never the bytes). */
export const evidenceColumns = {
  id: caseEvidence.id,
  caseId: caseEvidence.caseId,
  fileName: caseEvidence.fileName,
  mimeType: caseEvidence.mimeType,
  size: caseEvidence.size,
  uploadedAt: caseEvidence.uploadedAt,
};

export async function evidenceOfCases(db: DbOrTx, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return db
    .select(evidenceColumns)
    .from(caseEvidence)
    .where(inArray(caseEvidence.caseId, caseIds))
    .orderBy(asc(caseEvidence.uploadedAt), asc(caseEvidence.fileName));
}

/** The trainee's own cases, newest first, with how many evidence files each has. */
export async function listOwnCases(db: DbOrTx, userId: string) {
  const files = db
    .select({ caseId: caseEvidence.caseId, n: count().as("n") })
    .from(caseEvidence)
    .groupBy(caseEvidence.caseId)
    .as("files");
  const rows = await db
    .select({
      id: portfolioCases.id,
      title: portfolioCases.title,
      contractType: portfolioCases.contractType,
      amountFen: portfolioCases.amountFen,
      status: portfolioCases.status,
      reviewComment: portfolioCases.reviewComment,
      updatedAt: portfolioCases.updatedAt,
      files: files.n,
    })
    .from(portfolioCases)
    .leftJoin(files, eq(files.caseId, portfolioCases.id))
    .where(eq(portfolioCases.userId, userId))
    .orderBy(desc(portfolioCases.createdAt));
  return rows.map((r) => ({ ...r, files: Number(r.files ?? 0) }));
}

/** One of the trainee's own cases with its evidence; anyone else's case is "not found". */
export async function getOwnCase(db: DbOrTx, userId: string, caseId: string) {
  const [found] = await db
    .select()
    .from(portfolioCases)
    .where(and(eq(portfolioCases.id, caseId), eq(portfolioCases.userId, userId)));
  if (!found) throw notFound();
  return { case: found, evidence: await evidenceOfCases(db, [caseId]) };
}

/** A trainee records a case they took part in; it waits for their center's review. */
export async function createCase(db: DbOrTx, actor: Actor, input: CaseInput) {
  requirePermission(actor, "study");
  const [row] = await db
    .insert(portfolioCases)
    .values({ userId: actor.id, ...input })
    .returning({ id: portfolioCases.id });
  return row!.id;
}

/** The case row of its owner, locked for the change about to be made; 404 for anyone else's. */
async function lockOwnCase(tx: DbOrTx, userId: string, caseId: string) {
  const [found] = await tx
    .select({ id: portfolioCases.id, status: portfolioCases.status })
    .from(portfolioCases)
    .where(and(eq(portfolioCases.id, caseId), eq(portfolioCases.userId, userId)))
    .for("update");
  if (!found) throw notFound();
  return found;
}

/** Any change to a case puts it (back) in the review queue: a returned case is thereby re-submitted. */
function resubmit(tx: DbOrTx, caseId: string, now: Date) {
  return tx.update(portfolioCases).set({ status: "submitted", updatedAt: now }).where(eq(portfolioCases.id, caseId));
}

export type CaseChangeResult = { ok: true; resubmitted: boolean } | { ok: false; message: "portfolio.errors.frozen" };

/** The owner edits a submitted or returned case; editing a returned one re-submits it. */
export async function updateCase(
  db: DbOrTx,
  actor: Actor,
  caseId: string,
  input: CaseInput,
  now = new Date(),
): Promise<CaseChangeResult> {
  requirePermission(actor, "study");
  return db.transaction(async (tx) => {
    const current = await lockOwnCase(tx, actor.id, caseId);
    if (!isEditable(current.status)) return { ok: false, message: "portfolio.errors.frozen" };
    await tx
      .update(portfolioCases)
      .set({ ...input, status: "submitted", updatedAt: now })
      .where(eq(portfolioCases.id, caseId));
    return { ok: true, resubmitted: current.status === "returned" };
  });
}

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export type EvidenceError =
  | { message: "portfolio.errors.frozen" }
  | { message: "portfolio.errors.noFile" }
  | { message: "portfolio.errors.fileEmpty"; values: { file: string } }
  | { message: "portfolio.errors.fileTooLarge"; values: { file: string } }
  | { message: "portfolio.errors.fileType"; values: { file: string } }
  | { message: "portfolio.errors.tooManyFiles"; values: { max: number } };

/**
 * Adds evidence files to an editable case, all or none. Each file's type is read from its bytes; a
 * file whose content is not a PDF, PNG, JPEG or WebP is refused whatever its name says. The same file
 * sent again (a retried upload) is not stored twice.
 */
export async function addEvidence(
  db: DbOrTx,
  actor: Actor,
  caseId: string,
  files: UploadedFile[],
  now = new Date(),
): Promise<{ ok: true; added: number } | ({ ok: false } & EvidenceError)> {
  requirePermission(actor, "study");
  if (files.length === 0) return { ok: false, message: "portfolio.errors.noFile" };
  const checked: (typeof caseEvidence.$inferInsert & { sha256: string })[] = [];
  for (const file of files) {
    if (file.bytes.byteLength === 0)
      return { ok: false, message: "portfolio.errors.fileEmpty", values: { file: file.name } };
    if (file.bytes.byteLength > MAX_EVIDENCE_BYTES)
      return { ok: false, message: "portfolio.errors.fileTooLarge", values: { file: file.name } };
    const type = await sniffEvidenceType(file.bytes);
    if (!type) return { ok: false, message: "portfolio.errors.fileType", values: { file: file.name } };
    const sha256 = createHash("sha256").update(file.bytes).digest("hex");
    checked.push({
      caseId,
      fileName: evidenceFileName(file.name, type),
      mimeType: type,
      size: file.bytes.byteLength,
      sha256,
      data: file.bytes,
    });
  }
  return db.transaction(async (tx) => {
    const current = await lockOwnCase(tx, actor.id, caseId);
    if (!isEditable(current.status)) return { ok: false, message: "portfolio.errors.frozen" };
    const existing = await tx
      .select({ sha256: caseEvidence.sha256 })
      .from(caseEvidence)
      .where(eq(caseEvidence.caseId, caseId));
    const seen = new Set(existing.map((e) => e.sha256));
    const fresh = checked.filter((f) => {
      if (seen.has(f.sha256)) return false;
      seen.add(f.sha256);
      return true;
    });
    if (existing.length + fresh.length > MAX_EVIDENCE_PER_CASE)
      return { ok: false, message: "portfolio.errors.tooManyFiles", values: { max: MAX_EVIDENCE_PER_CASE } };
    if (fresh.length) {
      await tx.insert(caseEvidence).values(fresh);
      if (current.status === "returned") await resubmit(tx, caseId, now);
    }
    return { ok: true, added: fresh.length };
  });
}

/** The owner removes an evidence file from an editable case. */
export async function deleteEvidence(
  db: DbOrTx,
  actor: Actor,
  caseId: string,
  evidenceId: string,
  now = new Date(),
): Promise<CaseChangeResult> {
  requirePermission(actor, "study");
  return db.transaction(async (tx) => {
    const current = await lockOwnCase(tx, actor.id, caseId);
    if (!isEditable(current.status)) return { ok: false, message: "portfolio.errors.frozen" };
    const removed = await tx
      .delete(caseEvidence)
      .where(and(eq(caseEvidence.id, evidenceId), eq(caseEvidence.caseId, caseId)))
      .returning({ id: caseEvidence.id });
    if (removed.length && current.status === "returned") await resubmit(tx, caseId, now);
    return { ok: true, resubmitted: removed.length > 0 && current.status === "returned" };
  });
}

/**
 * An evidence file with its bytes, for download by the case's owner, their center's staff, the region's
 * admins and platform admins. Anyone else is told it does not exist.
 */
export async function evidenceForDownload(db: DbOrTx, actor: Actor, evidenceId: string) {
  const [found] = await db
    .select({
      fileName: caseEvidence.fileName,
      mimeType: caseEvidence.mimeType,
      size: caseEvidence.size,
      data: caseEvidence.data,
      ownerId: portfolioCases.userId,
    })
    .from(caseEvidence)
    .innerJoin(portfolioCases, eq(portfolioCases.id, caseEvidence.caseId))
    .where(eq(caseEvidence.id, evidenceId));
  if (!found || !(await maySeePortfolioOf(db, actor, found.ownerId))) throw notFound();
  return found;
}
