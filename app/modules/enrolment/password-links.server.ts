import { count, desc, eq, not, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { recordAudit } from "~/modules/audit/index.server";
import {
  createPasswordToken,
  endOpenPasswordLinks,
  lockAccount,
  openPasswordLinksOf,
  passwordTokenExpiry,
  people,
} from "~/modules/auth/index.server";
import {
  centerTraineesOf,
  hasRoleOtherThanTrainee,
  requirePermission,
  type SessionUser,
} from "~/modules/orgs/index.server";
import { forbidden, notFound } from "~/utils/errors.server";
import { centerRelationToTrainee } from "./transfers.server";

/**
 * Set-password links that a center's staff hand to a trainee in person (a QR code on the screen or on
 * paper): the way in for accounts that no e-mail reaches — imported with a mobile number only, or
 * whose owner forgot the password and has no e-mail for "忘记密码". No SMS is needed.
 */

type Actor = Pick<SessionUser, "id" | "memberships">;
interface CenterRef {
  id: string;
  regionId: string | null;
}

/**
 * Why no link is made: the account has an e-mail address and a password ("忘记密码" reaches them by
 * e-mail, which only the owner reads), or it holds another role than trainee (a center must not be
 * able to take over a staff or admin account).
 */
export type PasswordLinkRefusal = "has_email" | "other_roles";

export interface PasswordLinkSubject {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  hasPassword: boolean;
  refusal: PasswordLinkRefusal | null;
  /** Until when an earlier link (made here or e-mailed) still works, if one does. */
  openLinkUntil: Date | null;
}

export type PasswordLinkResult =
  | { ok: true; token: string; url: string; purpose: "set" | "reset"; expiresAt: Date }
  | { ok: false; refusal: PasswordLinkRefusal };

/** The trainee of this center a link is for: the center's own staff only, and only while the trainee is theirs. */
async function requireOwnTrainee(db: DbOrTx, actor: Actor, center: CenterRef, traineeId: string) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  const relation = await centerRelationToTrainee(db, center.id, traineeId);
  if (!relation) throw notFound();
  // A former center reads its records but acts no more for the person.
  if (relation !== "current") throw forbidden();
}

/** Whether a link may be made for the account, and of which kind, from what it holds. */
export async function passwordLinkState(db: DbOrTx, traineeId: string, now = new Date()): Promise<PasswordLinkSubject> {
  const [[user], otherRole, open] = await Promise.all([
    db
      .select({
        id: people.id,
        name: people.name,
        phone: people.phone,
        email: people.email,
        hasPassword: people.hasPassword,
      })
      .from(people)
      .where(eq(people.id, traineeId)),
    hasRoleOtherThanTrainee(db, traineeId),
    openPasswordLinksOf(db, [traineeId], now),
  ]);
  if (!user) throw notFound();
  const hasPassword = user.hasPassword;
  const refusal: PasswordLinkRefusal | null = otherRole
    ? "other_roles"
    : hasPassword && user.email
      ? "has_email"
      : null;
  return {
    id: user.id,
    name: user.name,
    phone: user.phone,
    email: user.email,
    hasPassword,
    refusal,
    openLinkUntil: open.get(traineeId) ?? null,
  };
}

/** What the link page shows before a link is made. */
export async function passwordLinkSubject(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  traineeId: string,
  now = new Date(),
) {
  await requireOwnTrainee(db, actor, center, traineeId);
  return passwordLinkState(db, traineeId, now);
}

/**
 * Makes a one-time link to /reset-password/<token> for a trainee of this center: "set" (7 days) while
 * the account has no password, "reset" (1 hour, the person is at the desk) when they forgot it. Every
 * older unused link of the person stops working, so only the one just handed over does. Only the hash
 * of the token is stored; the caller shows the link once. Audited, without the token.
 */
export async function createPasswordLink(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  traineeId: string,
  input: { appUrl: string; now?: Date },
): Promise<PasswordLinkResult> {
  await requireOwnTrainee(db, actor, center, traineeId);
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    // Locking the account serialises two clicks: the later link ends the earlier one.
    await lockAccount(tx, traineeId);
    const state = await passwordLinkState(tx, traineeId, now);
    if (state.refusal) return { ok: false as const, refusal: state.refusal };
    const purpose = state.hasPassword ? ("reset" as const) : ("set" as const);
    const endedLinks = await endOpenPasswordLinks(tx, traineeId, now);
    const token = await createPasswordToken(tx, traineeId, purpose, now);
    const expiresAt = passwordTokenExpiry(purpose, now);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "trainee.password_link",
      targetType: "user",
      targetId: traineeId,
      after: { centerId: center.id, purpose, expiresAt: expiresAt.toISOString(), endedLinks },
    });
    return { ok: true as const, token, url: `${input.appUrl}/reset-password/${token}`, purpose, expiresAt };
  });
}

export const PASSWORDLESS_LIST_LIMIT = 200;

/**
 * The center's current trainees who have no password yet, newest accounts first: whom staff still
 * have to help in. Mobile-only accounts need a link from here; the others were invited by e-mail.
 */
export async function traineesWithoutPassword(db: DbOrTx, actor: Actor, center: CenterRef, now = new Date()) {
  requirePermission(actor, "manage:center", { centerId: center.id });
  const trainees = centerTraineesOf(center.id);
  const withoutPassword = not(people.hasPassword);
  const [found, [totals]] = await Promise.all([
    db
      .select({
        id: people.id,
        name: people.name,
        phone: people.phone,
        email: people.email,
        createdAt: people.createdAt,
      })
      .from(trainees)
      .innerJoin(people, eq(people.id, trainees.userId))
      .where(withoutPassword)
      .orderBy(desc(people.createdAt), people.name)
      .limit(PASSWORDLESS_LIST_LIMIT),
    db
      .select({
        total: count(),
        mobileOnly: sql<number>`count(*) filter (where ${people.email} is null)`.mapWith(Number),
      })
      .from(trainees)
      .innerJoin(people, eq(people.id, trainees.userId))
      .where(withoutPassword),
  ]);
  const openLinks = await openPasswordLinksOf(
    db,
    found.map((p) => p.id),
    now,
  );
  const rows = found.map((p) => ({ ...p, openLinkUntil: openLinks.get(p.id) ?? null }));
  return { trainees: rows, total: Number(totals?.total ?? 0), mobileOnly: Number(totals?.mobileOnly ?? 0) };
}
