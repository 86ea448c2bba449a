import type { DbOrTx } from "#db/client";
import { certificateIntegrityAlerts } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { notify } from "~/modules/notifications/index.server";
import { platformAdminIds } from "~/modules/orgs/index.server";
import { env } from "~/utils/env.server";
import { singleton } from "~/utils/singleton.server";

/** A certificate whose stored record failed its signature when it was looked up. */
export interface TamperedCertificate {
  id: string;
  serial: string;
  levelSlug: string;
  kid: string;
}

// Certificates whose alert is known to be raised: the hot path (every check of a tampered certificate) asks
// the database once per process, not once per request.
const raised = singleton("verification-integrity-alerts", () => new Set<string>());

/**
 * Alerts every platform admin (inbox and e-mail) and writes an audit entry, once per certificate: the alert
 * row claims it (INSERT … ON CONFLICT DO NOTHING), in one transaction with the notifications and the entry, so
 * repeated checks and other app copies add nothing and a failure leaves it to be raised by the next check.
 * Returns whether this call raised it.
 */
export async function raiseIntegrityAlert(
  db: DbOrTx,
  certificate: TamperedCertificate,
  now = new Date(),
): Promise<boolean> {
  if (raised.has(certificate.id)) return false;
  const fresh = await db.transaction(async (tx) => {
    const [claimed] = await tx
      .insert(certificateIntegrityAlerts)
      .values({ certificateId: certificate.id, kid: certificate.kid, raisedAt: now })
      .onConflictDoNothing()
      .returning({ certificateId: certificateIntegrityAlerts.certificateId });
    if (!claimed) return false;
    const admins = await platformAdminIds(tx);
    await notify(
      tx,
      linkBase(),
      admins.map((userId) => ({
        userId,
        kind: "certificate_tampered" as const,
        subject: certificate.id,
        params: { serial: certificate.serial, level: certificate.levelSlug, at: now.toISOString() },
        link: `/manage/certificates/${certificate.id}`,
      })),
    );
    await recordAudit(tx, {
      actorId: null,
      action: "certificate.integrity_failed",
      targetType: "certificate",
      targetId: certificate.id,
      after: { serial: certificate.serial, kid: certificate.kid, alerted: admins.length },
    });
    return true;
  });
  raised.add(certificate.id);
  return fresh;
}

/**
 * Raises the alert without letting its failure change the verification's answer (which already says
 * `invalid`): logged, and tried again by the next check.
 */
export async function raiseIntegrityAlertSafely(db: DbOrTx, certificate: TamperedCertificate): Promise<void> {
  try {
    await raiseIntegrityAlert(db, certificate);
  } catch (error) {
    console.error("certificate integrity alert:", error);
  }
}

/** Forgets which alerts this process has seen raised (tests). */
export function forgetRaisedIntegrityAlerts(): void {
  raised.clear();
}

// Links in the e-mail come from the configured address, never from a request (docs/security.md, finding 1).
function linkBase(): string {
  const e = env();
  return (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
}
