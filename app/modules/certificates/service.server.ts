import { and, desc, eq, gte, ilike, isNull, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificateRenewals, certificates, continuingEducation } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { people } from "~/modules/auth/index.server";
import {
  can,
  isPlatformAdmin,
  organizationsAs,
  requirePermission,
  type SessionUser,
  traineeCenterOf,
} from "~/modules/orgs/index.server";
import { levelAt, loadLevels } from "~/modules/content/index.server";
import { secondsStudiedInCourses } from "~/modules/learning/index.server";
import { notify } from "~/modules/notifications/index.server";
import { isForeignKeyViolation, notFound } from "~/utils/errors.server";
import { fieldFailure } from "~/utils/failure";
import { currentCertificate } from "./held.server";
import { issueCertificate } from "./issuance.server";
import { certificateStatus } from "./status";

type Actor = Pick<SessionUser, "id" | "memberships">;

const DAY_MS = 86_400_000;

const issuingCenter = organizationsAs("issuing_center");

/** The person's certificates, newest first, with their status now. */
export async function certificatesOf(db: DbOrTx, userId: string, now = new Date()) {
  const rows = await db
    .select()
    .from(certificates)
    .where(eq(certificates.userId, userId))
    .orderBy(desc(certificates.issuedAt));
  return rows.map((r) => ({ ...r, status: certificateStatus(r, now) }));
}

/**
 * One certificate for someone allowed to see it in full: its holder, the staff of the center that issued
 * it (and that center's region admins), or a platform admin. Anyone else: 404, as if it did not exist.
 */
export async function certificateForViewer(db: DbOrTx, actor: Actor, certificateId: string, now = new Date()) {
  const [row] = await db
    .select({ certificate: certificates, regionId: issuingCenter.regionId })
    .from(certificates)
    .leftJoin(issuingCenter, eq(issuingCenter.id, certificates.centerId))
    .where(eq(certificates.id, certificateId));
  if (!row) throw notFound();
  const c = row.certificate;
  const allowed =
    c.userId === actor.id ||
    isPlatformAdmin(actor) ||
    (!!c.centerId && can(actor, "view:center", { centerId: c.centerId, regionId: row.regionId }));
  if (!allowed) throw notFound();
  return { ...c, status: certificateStatus(c, now) };
}

/** Platform admins find certificates by serial, code or holder name. */
export async function searchCertificates(db: DbOrTx, actor: Actor, query: string, now = new Date()) {
  requirePermission(actor, "admin:platform");
  const q = query.trim();
  const compact = q.replace(/[\s-]/g, "").toUpperCase();
  const rows = await db
    .select({ certificate: certificates, holder: people.name })
    .from(certificates)
    .innerJoin(people, eq(people.id, certificates.userId))
    .where(
      q
        ? or(
            eq(certificates.serial, q.toUpperCase()),
            eq(certificates.code, compact),
            ilike(people.name, `%${q.replace(/[%_\\]/g, "\\$&")}%`),
          )
        : undefined,
    )
    .orderBy(desc(certificates.issuedAt))
    .limit(50);
  return rows.map((r) => ({ ...r.certificate, holder: r.holder, status: certificateStatus(r.certificate, now) }));
}

/** A platform admin revokes a certificate with a reason; its status bit flips; audited. */
export async function revokeCertificate(
  db: DbOrTx,
  actor: Actor,
  certificateId: string,
  reason: string,
  now = new Date(),
) {
  requirePermission(actor, "admin:platform");
  return db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(certificates)
      .set({ revokedAt: now, revokedReason: reason, revokedBy: actor.id })
      .where(and(eq(certificates.id, certificateId), isNull(certificates.revokedAt)))
      .returning({ id: certificates.id });
    if (!revoked) {
      const [exists] = await tx
        .select({ id: certificates.id })
        .from(certificates)
        .where(eq(certificates.id, certificateId));
      if (!exists) throw notFound();
      return { ok: false as const, message: "certificates.errors.alreadyRevoked" };
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: "certificate.revoke",
      targetType: "certificate",
      targetId: certificateId,
      after: { reason },
    });
    return { ok: true as const };
  });
}

/**
 * Re-issues a current certificate (a corrected name, a new center): a new record, serial and code are
 * issued and the old certificate becomes superseded, pointing to the new one. One transaction; audited.
 */
export async function reissueCertificate(db: DbOrTx, actor: Actor, certificateId: string, now = new Date()) {
  requirePermission(actor, "admin:platform");
  return supersede(db, certificateId, "reissued", now, actor.id);
}

async function supersede(
  db: DbOrTx,
  certificateId: string,
  reason: "reissued" | "renewed",
  now: Date,
  actorId: string | null,
  renewalHours?: number,
) {
  return db.transaction(async (tx) => {
    const [old] = await tx
      .update(certificates)
      .set({ supersededAt: now, supersedeReason: reason })
      .where(and(eq(certificates.id, certificateId), currentCertificate()))
      .returning();
    if (!old) {
      const [exists] = await tx
        .select({ id: certificates.id })
        .from(certificates)
        .where(eq(certificates.id, certificateId));
      if (!exists) throw notFound();
      return { ok: false as const, message: "certificates.errors.notCurrent" };
    }
    // A renewal continues from the old expiry when it is still ahead; a re-issue keeps the old validity.
    const validFrom = reason === "renewed" && old.expiresAt && old.expiresAt > now ? old.expiresAt : null;
    const { certificateId: newId } = await issueCertificate(tx, {
      userId: old.userId,
      levelSlug: old.levelSlug,
      centerId: (await traineeCenterOf(tx, old.userId)) ?? old.centerId,
      issuedAt: now,
      issuedBy: actorId,
      validity:
        reason === "reissued"
          ? { expiresOn: old.record.expiresOn, expiresAt: old.expiresAt }
          : validFrom
            ? { from: validFrom }
            : undefined,
    });
    await tx.update(certificates).set({ supersededBy: newId }).where(eq(certificates.id, old.id));
    if (reason === "renewed")
      await tx.insert(certificateRenewals).values({ previousId: old.id, renewedId: newId, hours: renewalHours ?? 0 });
    await recordAudit(tx, {
      actorId,
      action: `certificate.${reason === "renewed" ? "renew" : "reissue"}`,
      targetType: "certificate",
      targetId: old.id,
      after: { newId },
    });
    return { ok: true as const, certificateId: newId };
  });
}

/**
 * Continuing-education hours toward renewing a certificate: study since its issue in the courses the
 * level marks as continuing education, plus hours the center recorded for activities since then.
 */
export async function renewalProgress(
  db: DbOrTx,
  certificate: {
    userId: string;
    levelSlug: string;
    issuedAt: Date;
    record: { issuedOn: string };
    levelVersion?: number | null;
  },
) {
  // The rules the certificate was issued under: a change of renewal hours or courses applies to new certificates.
  const rules = (await levelAt(db, certificate.levelSlug, certificate.levelVersion))?.config.certificate;
  if (!rules) return { hours: 0, required: 0, met: false };
  const [studied, [recorded]] = await Promise.all([
    secondsStudiedInCourses(db, certificate.userId, rules.continuingEducationCourses, certificate.issuedAt),
    db
      .select({ hours: sql<number>`coalesce(sum(${continuingEducation.hours}), 0)::int` })
      .from(continuingEducation)
      .where(
        and(
          eq(continuingEducation.userId, certificate.userId),
          eq(continuingEducation.levelSlug, certificate.levelSlug),
          gte(continuingEducation.completedOn, certificate.record.issuedOn),
        ),
      ),
  ]);
  const hours = Math.floor((studied / 3600 + (recorded?.hours ?? 0)) * 10) / 10;
  return { hours, required: rules.renewalHours, met: hours >= rules.renewalHours };
}

/** The holder renews once the continuing-education hours are reached: a new certificate supersedes the old. */
export async function renewCertificate(db: DbOrTx, actor: Actor, certificateId: string, now = new Date()) {
  const certificate = await certificateForViewer(db, actor, certificateId, now);
  if (certificate.userId !== actor.id) throw notFound();
  if (certificate.status !== "valid" && certificate.status !== "expired")
    return { ok: false as const, message: "certificates.errors.notCurrent" };
  const progress = await renewalProgress(db, certificate);
  if (!progress.met) return { ok: false as const, message: "certificates.errors.hoursShort" };
  return supersede(db, certificateId, "renewed", now, actor.id, progress.hours);
}

/** Center staff record continuing-education hours for one of their trainees; audited. */
export async function recordContinuingEducation(
  db: DbOrTx,
  actor: Actor,
  input: { centerId: string; userId: string; levelSlug: string; hours: number; activity: string; completedOn: string },
) {
  requirePermission(actor, "manage:center", { centerId: input.centerId });
  if ((await traineeCenterOf(db, input.userId)) !== input.centerId) throw notFound();
  try {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(continuingEducation)
        .values({ ...input, recordedBy: actor.id })
        .returning({ id: continuingEducation.id });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "certificate.ce_hours",
        targetType: "user",
        targetId: input.userId,
        after: { ...input, id: row!.id },
      });
    });
  } catch (error) {
    // The level is the one reference typed in the form; an unknown one is a field error, not a 500 (finding 7).
    if (isForeignKeyViolation(error)) return fieldFailure("levelSlug", "validation.level.unknown");
    throw error;
  }
  return { ok: true as const };
}

/** The continuing-education hours recorded for a person, latest activity first. */
export async function continuingEducationOf(db: DbOrTx, userId: string) {
  return db
    .select({
      id: continuingEducation.id,
      levelSlug: continuingEducation.levelSlug,
      hours: continuingEducation.hours,
      activity: continuingEducation.activity,
      completedOn: continuingEducation.completedOn,
    })
    .from(continuingEducation)
    .where(eq(continuingEducation.userId, userId))
    .orderBy(desc(continuingEducation.completedOn));
}

/**
 * Reminds holders whose certificate expires within the configured number of days, once per
 * certificate. Runs periodically; several app copies at once send each reminder once (the update claims it).
 */
export async function sendExpiryReminders(db: DbOrTx, appUrl: string, now = new Date()) {
  const [anyLevel] = await loadLevels(db);
  const days =
    (anyLevel?.config as { certificates?: { reminderDaysBefore: number } } | undefined)?.certificates
      ?.reminderDaysBefore ?? 60;
  const due = await db
    .update(certificates)
    .set({ reminderSentAt: now })
    .where(
      and(
        isNull(certificates.reminderSentAt),
        currentCertificate(),
        gte(certificates.expiresAt, now),
        lte(certificates.expiresAt, new Date(now.getTime() + days * DAY_MS)),
      ),
    )
    .returning({
      id: certificates.id,
      userId: certificates.userId,
      levelSlug: certificates.levelSlug,
      record: certificates.record,
    });
  if (!due.length) return 0;
  // Through the holder's inbox and e-mail (unless turned off), once per certificate and expiry date.
  await notify(
    db,
    appUrl,
    due.map((c) => ({
      userId: c.userId,
      kind: "certificate_expiring" as const,
      subject: c.id,
      occurrence: c.record.expiresOn ?? "",
      params: { level: c.levelSlug, serial: c.record.serial, expiresOn: c.record.expiresOn ?? "" },
      link: `/certificates/${c.id}`,
    })),
  );
  return due.length;
}
