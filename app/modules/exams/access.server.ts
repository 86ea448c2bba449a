import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { BlockList, isIP } from "node:net";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { examSessions } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { notFound } from "~/utils/errors.server";
import { examLimits, type ExamLimits } from "./limits.server";

/**
 * Who may start an exam in a session (docs/exam-integrity.md): an optional access code the proctor reads out
 * (fixed, or changing every few minutes) and an optional list of networks (CIDR) for classroom sessions.
 */

type Actor = Pick<SessionUser, "id" | "memberships">;

export type AccessCodeMode = "none" | "fixed" | "rotating";
export const ACCESS_CODE_MODES: readonly AccessCodeMode[] = ["none", "fixed", "rotating"];

export interface SessionAccess {
  id: string;
  accessCodeMode: string;
  accessCode: string | null;
  accessSecret: string | null;
  accessRotateMinutes: number;
  allowedNetworks: string[];
}

export type AccessRefusal =
  "access_code_missing" | "access_code_wrong" | "access_code_too_many" | "network_not_allowed";

/** "::ffff:10.0.0.5" (an IPv4 client on a dual-stack socket) is 10.0.0.5. */
function normalizeIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

/** A CIDR block ("10.1.0.0/16", "2001:db8::/32") or a single address; null when it is neither. */
export function parseCidr(text: string): { address: string; prefix: number; family: 4 | 6 } | null {
  const [address = "", prefixText, extra] = text.trim().split("/");
  if (extra !== undefined) return null;
  const family = isIP(address);
  if (family !== 4 && family !== 6) return null;
  const max = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix < 0 || prefix > max) return null;
  return { address, prefix, family };
}

/** Whether the address lies in one of the networks; an empty list allows every address. */
export function ipAllowed(ip: string, networks: readonly string[]): boolean {
  if (!networks.length) return true;
  const address = normalizeIp(ip);
  const family = isIP(address);
  if (!family) return false;
  const list = new BlockList();
  for (const network of networks) {
    const cidr = parseCidr(network);
    if (cidr) list.addSubnet(cidr.address, cidr.prefix, cidr.family === 4 ? "ipv4" : "ipv6");
  }
  return list.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** The rotating code of one time window: six digits from an HMAC of the session and the window. */
export function rotatingCode(secret: string, sessionId: string, window: number): string {
  const mac = createHmac("sha256", Buffer.from(secret, "hex")).update(`${sessionId}:${window}`).digest();
  // Dynamic truncation as in HOTP (RFC 4226), so every digit is as likely as any other.
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 1_000_000).padStart(6, "0");
}

const windowOf = (now: Date, minutes: number) => Math.floor(now.getTime() / (minutes * 60_000));

/** The code to show the proctor now, and until when it holds (null: the session asks no code). */
export function currentAccessCode(session: SessionAccess, now = new Date()) {
  if (session.accessCodeMode === "fixed" && session.accessCode) return { code: session.accessCode, changesAt: null };
  if (session.accessCodeMode === "rotating" && session.accessSecret) {
    const window = windowOf(now, session.accessRotateMinutes);
    return {
      code: rotatingCode(session.accessSecret, session.id, window),
      changesAt: new Date((window + 1) * session.accessRotateMinutes * 60_000),
    };
  }
  return null;
}

function sameText(a: string, b: string) {
  const x = Buffer.from(a.toUpperCase());
  const y = Buffer.from(b.toUpperCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether the code is this session's: the fixed code, or the rotating code of this window or the one before. */
export function accessCodeMatches(session: SessionAccess, given: string, now = new Date()): boolean {
  const code = given.replace(/\s+/g, "");
  if (session.accessCodeMode === "fixed") return !!session.accessCode && sameText(session.accessCode, code);
  if (session.accessCodeMode === "rotating" && session.accessSecret) {
    const window = windowOf(now, session.accessRotateMinutes);
    // The previous window too: a code read out just before it changed still works for one period, no longer.
    return [window, window - 1].some((w) => sameText(rotatingCode(session.accessSecret!, session.id, w), code));
  }
  return false;
}

/**
 * Whether this person may start in this session from this address with this code; every reason why not.
 * Called only for a new start (a running attempt is resumed by its device binding instead). Wrong codes are
 * counted per person and session in the shared limits (limits.server.ts): after ten in a quarter hour even
 * the right code waits, whichever app copy is asked.
 */
export async function checkSessionAccess(
  session: SessionAccess,
  input: { userId: string; ip: string; accessCode?: string | null },
  now = new Date(),
  limits?: ExamLimits,
): Promise<AccessRefusal[]> {
  const reasons: AccessRefusal[] = [];
  if (!ipAllowed(input.ip, session.allowedNetworks)) reasons.push("network_not_allowed");
  if (session.accessCodeMode === "none") return reasons;
  const wrongCodes = (limits ?? (await examLimits())).wrongCode;
  const key = `${input.userId}:${session.id}`;
  if (!(await wrongCodes.peek(key)).allowed) return [...reasons, "access_code_too_many"];
  const given = input.accessCode?.trim() ?? "";
  if (!given) return [...reasons, "access_code_missing"];
  // Counted before it is compared, and given back when right: simultaneous guesses cannot slip past the count.
  if (!(await wrongCodes.take(key)).allowed) return [...reasons, "access_code_too_many"];
  if (accessCodeMatches(session, given, now)) await wrongCodes.give(key);
  else reasons.push("access_code_wrong");
  return reasons;
}

export interface AccessSettingsInput {
  sessionId: string;
  accessCodeMode: AccessCodeMode;
  accessCode: string | null;
  accessRotateMinutes: number;
  allowedNetworks: string[];
  deviceChangeWaitMinutes: number | null;
}

export type AccessSettingsFailure = { ok: false; field: keyof AccessSettingsInput; message: string };

/** Center staff set a session's access code, networks and device-change policy. Audited (never the code itself). */
export async function setSessionAccess(
  db: DbOrTx,
  actor: Actor,
  centerId: string,
  input: AccessSettingsInput,
): Promise<{ ok: true } | AccessSettingsFailure> {
  requirePermission(actor, "manage:center", { centerId });
  const code = input.accessCode?.replace(/\s+/g, "") ?? "";
  if (input.accessCodeMode === "fixed" && !/^[A-Za-z0-9]{4,32}$/.test(code))
    return { ok: false, field: "accessCode", message: "integrity.access.codeFormat" };
  if (!Number.isInteger(input.accessRotateMinutes) || input.accessRotateMinutes < 1 || input.accessRotateMinutes > 60)
    return { ok: false, field: "accessRotateMinutes", message: "integrity.access.rotateRange" };
  const networks = [...new Set(input.allowedNetworks.map((n) => n.trim()).filter(Boolean))];
  if (networks.length > 50) return { ok: false, field: "allowedNetworks", message: "integrity.access.tooManyNetworks" };
  const bad = networks.find((n) => !parseCidr(n));
  if (bad) return { ok: false, field: "allowedNetworks", message: "integrity.access.badNetwork" };
  const wait = input.deviceChangeWaitMinutes;
  if (wait !== null && (!Number.isInteger(wait) || wait < 0 || wait > 120))
    return { ok: false, field: "deviceChangeWaitMinutes", message: "integrity.access.waitRange" };
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({
        accessCodeMode: examSessions.accessCodeMode,
        accessSecret: examSessions.accessSecret,
        accessRotateMinutes: examSessions.accessRotateMinutes,
        allowedNetworks: examSessions.allowedNetworks,
        deviceChangeWaitMinutes: examSessions.deviceChangeWaitMinutes,
      })
      .from(examSessions)
      .where(and(eq(examSessions.id, input.sessionId), eq(examSessions.centerId, centerId)))
      .for("update");
    if (!before) throw notFound();
    await tx
      .update(examSessions)
      .set({
        accessCodeMode: input.accessCodeMode,
        accessCode: input.accessCodeMode === "fixed" ? code.toUpperCase() : null,
        // One secret per session, kept while the session rotates codes; it never leaves the server.
        accessSecret:
          input.accessCodeMode === "rotating" ? (before.accessSecret ?? randomBytes(32).toString("hex")) : null,
        accessRotateMinutes: input.accessRotateMinutes,
        allowedNetworks: networks,
        deviceChangeWaitMinutes: wait,
      })
      .where(eq(examSessions.id, input.sessionId));
    const { accessSecret: _secret, ...shown } = before;
    await recordAudit(tx, {
      actorId: actor.id,
      action: "exam.session.access",
      targetType: "exam_session",
      targetId: input.sessionId,
      before: shown,
      after: {
        accessCodeMode: input.accessCodeMode,
        accessRotateMinutes: input.accessRotateMinutes,
        allowedNetworks: networks,
        deviceChangeWaitMinutes: wait,
      },
    });
    return { ok: true as const };
  });
}
