import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificatePdfs, certificates, certificateZipRuns } from "#db/schema";
import { enqueueJob } from "~/modules/jobs/index.server";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { certificatesOfCohort } from "./cohort.server";
import { currentCertificate } from "./held.server";
import { type StoredZipEntry, signedZipEntries } from "./pdf-download.server";
import type { PdfRenderer } from "./pdf-pool.server";
import type { CertificateLanguage } from "./pdf.server";
import { type PdfToKeep, storePdfs } from "./pdf-store.server";

/** The job that renders and keeps certificate PDFs: cohorts' ZIPs asked for, and certificates just issued. */
export const CERTIFICATE_PDF_JOB = "certificate-pdfs";

/**
 * Up to this many PDFs still to render, the ZIP is rendered while it downloads (a few seconds); above it the
 * job prepares them first and the progress page offers the download when they are all kept.
 */
export const ZIP_RENDER_INLINE_MAX = 40;

/** How long a worker's claim on a run lasts without news: a worker that died leaves it to the next one. */
const CLAIM_SECONDS = 120;

/** Rendered PDFs are kept this many to a statement, written while the workers render the next ones. */
const KEEP_BATCH = 10;

/** The run's progress (and the claim's renewal) is written at most this often, not after every PDF. */
const PROGRESS_EVERY_MS = 500;

type Actor = Pick<SessionUser, "id" | "memberships">;
type Center = { id: string; regionId: string | null };

/** The cohort's current certificates as ZIP entries (file names as the ZIP has them), stored or not. */
async function cohortEntries(db: DbOrTx, centerId: string, cohortId: string, language: CertificateLanguage) {
  const { cohort, certificates: rows } = await certificatesOfCohort(db, centerId, cohortId);
  const entries = await signedZipEntries(
    db,
    rows.map((c) => ({
      id: c.id,
      record: c.record,
      centerId: c.centerId,
      fileName: `${c.serial}-${c.record.holderName}.pdf`,
    })),
    language,
  );
  return { cohort, entries };
}

/** The cohort's ZIP entries for a download, after checking who asks (center staff, region and platform admins). */
export async function cohortZipEntries(
  db: DbOrTx,
  actor: Actor,
  center: Center,
  cohortId: string,
  language: CertificateLanguage = "zh",
) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  const { cohort, entries } = await cohortEntries(db, center.id, cohortId, language);
  return { cohort, entries, missing: entries.filter((e) => !e.isStored).length };
}

export type ZipRunView = Pick<
  typeof certificateZipRuns.$inferSelect,
  "id" | "state" | "total" | "done" | "error" | "createdAt" | "finishedAt"
>;

async function latestRun(db: DbOrTx, cohortId: string, language: CertificateLanguage): Promise<ZipRunView | null> {
  const [run] = await db
    .select({
      id: certificateZipRuns.id,
      state: certificateZipRuns.state,
      total: certificateZipRuns.total,
      done: certificateZipRuns.done,
      error: certificateZipRuns.error,
      createdAt: certificateZipRuns.createdAt,
      finishedAt: certificateZipRuns.finishedAt,
    })
    .from(certificateZipRuns)
    .where(and(eq(certificateZipRuns.cohortId, cohortId), eq(certificateZipRuns.language, language)))
    // The running one first (there is at most one), else the latest.
    .orderBy(sql`${certificateZipRuns.state} = 'running' desc`, desc(certificateZipRuns.createdAt))
    .limit(1);
  return run ?? null;
}

/**
 * Where the cohort's ZIP stands: how many certificates it holds and how many of their PDFs are kept, and the
 * latest preparation. `ready` when the download can start now (few or no PDFs left to render).
 */
export async function cohortZipStatus(
  db: DbOrTx,
  actor: Actor,
  center: Center,
  cohortId: string,
  language: CertificateLanguage = "zh",
) {
  const { cohort, entries, missing } = await cohortZipEntries(db, actor, center, cohortId, language);
  const run = await latestRun(db, cohortId, language);
  const total = entries.length;
  return {
    cohort: { id: cohort.id, name: cohort.name },
    total,
    stored: total - missing,
    run,
    ready: total > 0 && missing <= ZIP_RENDER_INLINE_MAX && run?.state !== "running",
  };
}

/**
 * Asks for the cohort's PDFs to be rendered and kept by the job. Idempotent: while one preparation runs, a
 * second request returns it instead of starting another (a unique index holds this across app copies).
 */
export async function startCohortZip(
  db: DbOrTx,
  actor: Actor,
  center: Center,
  cohortId: string,
  language: CertificateLanguage = "zh",
): Promise<{ run: ZipRunView | null; started: boolean }> {
  const { entries, missing } = await cohortZipEntries(db, actor, center, cohortId, language);
  if (!entries.length || missing === 0) return { run: await latestRun(db, cohortId, language), started: false };
  const inserted = await db
    .insert(certificateZipRuns)
    .values({
      cohortId,
      centerId: center.id,
      language,
      requestedBy: actor.id,
      total: entries.length,
      done: entries.length - missing,
    })
    .onConflictDoNothing()
    .returning({ id: certificateZipRuns.id });
  // The run's row is committed (the page's action writes it outside a transaction): the job may start at once.
  if (inserted.length) enqueueJob(CERTIFICATE_PDF_JOB, { now: true });
  return { run: await latestRun(db, cohortId, language), started: inserted.length > 0 };
}

/**
 * Renders the entries not stored yet and keeps them, a batch to a statement. Twice as many renders are asked for
 * as the renderer has workers, so that a worker finds the next one waiting instead of idling while a PDF is
 * written; the lane that fills a batch waits for its write, so a few batches at most are held in memory.
 * `onKept` hears of each batch once it is written, one batch at a time.
 */
async function renderMissing(
  db: DbOrTx,
  entries: StoredZipEntry[],
  language: CertificateLanguage,
  render: PdfRenderer,
  onKept: (count: number) => Promise<void>,
) {
  const queue = entries.filter((e) => !e.isStored);
  let batch: PdfToKeep[] = [];
  let writing = Promise.resolve();
  const flush = () => {
    const pdfs = batch;
    batch = [];
    if (pdfs.length)
      writing = writing.then(async () => {
        await storePdfs(db, language, pdfs);
        await onKept(pdfs.length);
      });
    // Handled here, seen by whoever waits for it: a failed write fails the run (and writes nothing more).
    writing.catch(() => {});
    return writing;
  };
  const lane = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const {
        record,
        fileName: _f,
        stored: _s,
        keep: _keep,
        certificateId,
        renderKey,
        isStored: _i,
        ...options
      } = entry;
      const pdf = await render(record, options);
      // Pushed after the render: the batch in hand before it may have been written meanwhile.
      batch.push({ certificateId, renderKey, pdf });
      if (batch.length >= KEEP_BATCH) await flush();
    }
  };
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.max(1, render.concurrency) * 2 }, () =>
      lane().catch((error: unknown) => {
        // One failure fails the run: the other lanes finish the PDF in hand and render nothing more.
        queue.length = 0;
        throw error;
      }),
    ),
  );
  // What was rendered is kept, failure or not: a second try renders only the rest.
  await flush();
  const failed = lanes.find((l) => l.status === "rejected");
  if (failed) throw failed.reason;
}

/** Claims the oldest running preparation no live worker holds (once across workers: SKIP LOCKED). */
async function claimRun(db: DbOrTx) {
  const claimable = db
    .select({ id: certificateZipRuns.id })
    .from(certificateZipRuns)
    .where(
      and(
        eq(certificateZipRuns.state, "running"),
        sql`(${certificateZipRuns.claimedUntil} is null or ${certificateZipRuns.claimedUntil} < now())`,
      ),
    )
    .orderBy(certificateZipRuns.createdAt)
    .limit(1)
    .for("update", { skipLocked: true });
  const [run] = await db
    .update(certificateZipRuns)
    .set({ claimedUntil: sql`now() + make_interval(secs => ${CLAIM_SECONDS})` })
    .where(sql`${certificateZipRuns.id} in ${claimable}`)
    .returning();
  return run;
}

/**
 * Certificates issued in the last hour whose PDF is not kept yet are rendered ahead, so their cohort's ZIP finds
 * them. A few a minute (the job's schedule), not at each issue: on an exam day hundreds are issued while the
 * machine serves the candidates, and a PDF not yet kept is rendered when first downloaded anyway.
 */
const RECENT_MINUTES = 60;
const RECENT_BATCH = 50;

/**
 * The certificate-pdfs job: prepares every cohort ZIP asked for (progress in its run row), then renders the
 * PDFs of certificates issued in the last hour that are not kept yet. Running it twice is harmless: a run is
 * claimed by one worker, and a PDF is kept once per certificate and language (a second render replaces it).
 */
export async function renderCertificatePdfs(
  db: DbOrTx,
  render: PdfRenderer,
): Promise<{ runs: number; recent: number }> {
  let runs = 0;
  for (let run = await claimRun(db); run; run = await claimRun(db)) {
    runs++;
    try {
      const { entries } = await cohortEntries(db, run.centerId, run.cohortId, run.language);
      let done = entries.filter((e) => e.isStored).length;
      await db.update(certificateZipRuns).set({ total: entries.length, done }).where(eq(certificateZipRuns.id, run.id));
      // The first batch shows at once that the work has begun; later ones at most every PROGRESS_EVERY_MS.
      let reported = 0;
      await renderMissing(db, entries, run.language, render, async (kept) => {
        done += kept;
        if (Date.now() - reported < PROGRESS_EVERY_MS) return;
        reported = Date.now();
        // Progress, and the claim renewed while the work goes on.
        await db
          .update(certificateZipRuns)
          .set({ done, claimedUntil: sql`now() + make_interval(secs => ${CLAIM_SECONDS})` })
          .where(eq(certificateZipRuns.id, run.id));
      });
      await db
        .update(certificateZipRuns)
        .set({ state: "done", done, finishedAt: new Date(), claimedUntil: null })
        .where(eq(certificateZipRuns.id, run.id));
    } catch (error) {
      await db
        .update(certificateZipRuns)
        .set({
          state: "failed",
          error: error instanceof Error ? error.message : String(error),
          finishedAt: new Date(),
          claimedUntil: null,
        })
        .where(eq(certificateZipRuns.id, run.id));
      throw error;
    }
  }
  const recent = await db
    .select({ id: certificates.id, record: certificates.record, centerId: certificates.centerId })
    .from(certificates)
    .leftJoin(
      certificatePdfs,
      and(eq(certificatePdfs.certificateId, certificates.id), eq(certificatePdfs.language, "zh")),
    )
    .where(
      and(
        currentCertificate(),
        isNull(certificatePdfs.certificateId),
        gt(certificates.issuedAt, sql`now() - make_interval(mins => ${RECENT_MINUTES})`),
      ),
    )
    .limit(RECENT_BATCH);
  if (recent.length) {
    const entries = await signedZipEntries(
      db,
      recent.map((c) => ({ ...c, fileName: c.id })),
    );
    await renderMissing(db, entries, "zh", render, async () => {});
  }
  return { runs, recent: recent.length };
}
