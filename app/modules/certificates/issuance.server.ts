import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificateSequences, certificates } from "#db/schema";
import { people, peopleByIds } from "~/modules/auth/index.server";
import { loadLevels } from "~/modules/content/index.server";
import { organizationsAs, regionsAs } from "~/modules/orgs/index.server";
import { addDays, chinaDate, chinaDayStart } from "~/utils/china-time";
import { isUniqueViolation } from "~/utils/errors.server";
import { currentCertificate, currentCertificateId } from "./held.server";
import { freezeHolderFacts } from "./holder.server";
import { signRecord, type SigningKey } from "./keys.server";
import type { CertificateRecord } from "./record";
import { formatSerial, levelLetterOf } from "./serial";
import { activeSigningKey } from "./signing.server";
import { allocateStatusSlots } from "./status-slots.server";
import { identityTypeOf, subjectHashOf } from "./subject";
import { newVerificationCode } from "./verification-code";

const ISSUER = "TMA";
// Certificates of people without a center (issued by the platform itself) carry this region code.
const NATIONAL_REGION = { code: "CN", nameZh: "全国", nameEn: "National" };

/**
 * Validity in whole years from the day of issue: issued 2026-11-27 for 3 years → valid through
 * 2029-11-26, expiring at the start of 2029-11-27 in China Standard Time.
 */
export function validityOf(issuedOn: string, years: number) {
  const [y, m, d] = issuedOn.split("-").map(Number) as [number, number, number];
  // Date.UTC rolls 29 February over to 1 March in a common year, so the last day is 28 February.
  const endDay = new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
  return { expiresOn: addDays(endDay, -1), expiresAt: chinaDayStart(endDay) };
}

const issuingCenter = organizationsAs("issuing_center");
const centerRegion = regionsAs("center_region");

/** Centers with their region's code and names, as the frozen record names them. */
const centerFacts = (db: DbOrTx) =>
  db
    .select({
      id: issuingCenter.id,
      nameZh: issuingCenter.nameZh,
      nameEn: issuingCenter.nameEn,
      code: centerRegion.code,
      regionZh: centerRegion.nameZh,
      regionEn: centerRegion.nameEn,
    })
    .from(issuingCenter)
    .leftJoin(centerRegion, eq(centerRegion.id, issuingCenter.regionId));

async function holderFacts(db: DbOrTx, userId: string, centerId: string | null) {
  const [user] = await db
    .select({ name: people.name, email: people.email, phone: people.phone })
    .from(people)
    .where(eq(people.id, userId));
  if (!user) throw new Error(`no user ${userId}`);
  let center = null;
  if (centerId) [center] = await centerFacts(db).where(eq(issuingCenter.id, centerId));
  return { user, center: center ?? null };
}

/** The frozen record of a new certificate: who, what, where and when, with a fresh code. */
function frozenRecord(f: {
  levelSlug: string;
  sequence: number;
  issuedOn: string;
  expiresOn: string | null;
  holder: { name: string; email: string | null; phone: string | null; id: string };
  level: { nameZh: string; nameEn: string };
  center: { nameZh: string; nameEn: string } | null;
  region: { code: string; nameZh: string; nameEn: string };
}): CertificateRecord {
  const identifier = f.holder.email ?? f.holder.phone ?? f.holder.id;
  const subject = subjectHashOf(identifier);
  return {
    serial: formatSerial({
      issuer: ISSUER,
      year: Number(f.issuedOn.slice(0, 4)),
      regionCode: f.region.code,
      levelSlug: f.levelSlug,
      sequence: f.sequence,
    }),
    code: newVerificationCode(),
    holderName: f.holder.name,
    levelSlug: f.levelSlug,
    levelNameZh: f.level.nameZh,
    levelNameEn: f.level.nameEn,
    centerNameZh: f.center?.nameZh ?? "技术经理人学院",
    centerNameEn: f.center?.nameEn ?? "TM Academy",
    regionCode: f.region.code,
    regionNameZh: f.region.nameZh,
    regionNameEn: f.region.nameEn,
    issuedOn: f.issuedOn,
    expiresOn: f.expiresOn,
    subjectHash: subject.hash,
    subjectSalt: subject.salt,
    // Random, so the credential subject's id links to nothing but this certificate.
    subjectId: `urn:uuid:${randomUUID()}`,
    identityType: identityTypeOf(identifier),
  };
}

/**
 * Issues a certificate without checking the level's rules (callers do: the certification workflow, renewals,
 * historical imports). Idempotent: a person's current certificate of the level is returned as it is;
 * two concurrent issues end with one certificate, held by the partial unique index.
 */
export async function issueCertificate(
  db: DbOrTx,
  input: {
    userId: string;
    levelSlug: string;
    centerId: string | null;
    issuedAt: Date;
    issuedBy: string | null;
    /** A re-issue keeps the old validity; a renewal runs on from a later start (the old expiry). */
    validity?: { expiresOn: string | null; expiresAt: Date | null } | { from: Date };
  },
): Promise<{ certificateId: string; created: boolean }> {
  const existing = await currentCertificateId(db, input.userId, input.levelSlug);
  if (existing) return { certificateId: existing, created: false };
  const key = await activeSigningKey(db);
  const level = (await loadLevels(db)).find((l) => l.slug === input.levelSlug);
  if (!level) throw new Error(`no level ${input.levelSlug}`);
  const { user, center } = await holderFacts(db, input.userId, input.centerId);
  const issuedOn = chinaDate(input.issuedAt);
  const years = level.config.certificate.validityYears;
  const { expiresOn, expiresAt } =
    input.validity && "expiresOn" in input.validity
      ? input.validity
      : validityOf(input.validity ? chinaDate(input.validity.from) : issuedOn, years);
  const region = center?.code
    ? { code: center.code, nameZh: center.regionZh!, nameEn: center.regionEn! }
    : NATIONAL_REGION;
  try {
    return await db.transaction(async (tx) => {
      const prefix = `${ISSUER}-${issuedOn.slice(0, 4)}-${region.code}-${levelLetterOf(input.levelSlug)}`;
      const [seq] = await tx
        .insert(certificateSequences)
        .values({ prefix, last: 1 })
        .onConflictDoUpdate({
          target: certificateSequences.prefix,
          set: { last: sql`${certificateSequences.last} + 1` },
        })
        .returning({ last: certificateSequences.last });
      const record = frozenRecord({
        levelSlug: input.levelSlug,
        sequence: seq!.last,
        issuedOn,
        expiresOn,
        holder: { ...user, id: input.userId },
        level,
        center,
        region,
      });
      const [slot] = await allocateStatusSlots(tx, 1);
      const [row] = await tx
        .insert(certificates)
        .values({
          ...signedRow(key, record, {
            ...input,
            centerId: center?.id ?? null,
            expiresAt,
            levelVersion: level.currentVersion,
          }),
          ...slot!,
        })
        .returning({ id: certificates.id });
      // The holder's approved photo and masked ID number, when the certification body prints them.
      await freezeHolderFacts(tx, row!.id, input.userId);
      return { certificateId: row!.id, created: true };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await currentCertificateId(db, input.userId, input.levelSlug);
    if (!winner) throw error;
    return { certificateId: winner, created: false };
  }
}

export interface HistoricalIssue {
  userId: string;
  levelSlug: string;
  centerId: string | null;
  issuedAt: Date;
}

/** The certificates row of a frozen record, signed with the active key. */
function signedRow(
  key: SigningKey,
  record: CertificateRecord,
  input: {
    userId: string;
    levelSlug: string;
    centerId: string | null;
    issuedAt: Date;
    expiresAt: Date | null;
    issuedBy: string | null;
    levelVersion: number;
  },
) {
  return {
    userId: input.userId,
    levelSlug: input.levelSlug,
    centerId: input.centerId,
    serial: record.serial,
    code: record.code,
    record,
    signature: signRecord(key, record),
    kid: key.kid,
    issuedAt: input.issuedAt,
    expiresAt: input.expiresAt,
    issuedBy: input.issuedBy,
    // The rules it was issued under: its renewal keeps them when the level's rules change later.
    levelVersion: input.levelVersion,
  };
}

/**
 * Issues many certificates at once, for records brought in from before the platform (the demo's
 * history, a center's archive): the same frozen, signed records as issueCertificate, but with the
 * lookups, serial numbers and inserts done in bulk. Run it in one transaction; people who already hold
 * a current certificate of the level are skipped. Serials follow the order given.
 */
export async function issueCertificatesInBulk(db: DbOrTx, inputs: HistoricalIssue[]) {
  if (!inputs.length) return 0;
  const key = await activeSigningKey(db);
  const userIds = [...new Set(inputs.map((i) => i.userId))];
  const centerIds = [...new Set(inputs.flatMap((i) => (i.centerId ? [i.centerId] : [])))];
  const [levelRows, people, centers, held] = await Promise.all([
    loadLevels(db),
    peopleByIds(db, userIds),
    centerIds.length ? centerFacts(db).where(inArray(issuingCenter.id, centerIds)) : Promise.resolve([]),
    db
      .select({ userId: certificates.userId, levelSlug: certificates.levelSlug })
      .from(certificates)
      .where(and(inArray(certificates.userId, userIds), currentCertificate())),
  ]);
  const taken = new Set(held.map((h) => `${h.userId}:${h.levelSlug}`));
  const todo = inputs.filter((i) => {
    const k = `${i.userId}:${i.levelSlug}`;
    if (taken.has(k)) return false;
    taken.add(k);
    return true;
  });
  const prepared = todo.map((input) => {
    const level = levelRows.find((l) => l.slug === input.levelSlug);
    const user = people.find((p) => p.id === input.userId);
    if (!level || !user) throw new Error(`no level ${input.levelSlug} or user ${input.userId}`);
    const center = centers.find((c) => c.id === input.centerId) ?? null;
    const region = center?.code
      ? { code: center.code, nameZh: center.regionZh!, nameEn: center.regionEn! }
      : NATIONAL_REGION;
    const issuedOn = chinaDate(input.issuedAt);
    const prefix = `${ISSUER}-${issuedOn.slice(0, 4)}-${region.code}-${levelLetterOf(input.levelSlug)}`;
    return { input, level, user, center, region, issuedOn, prefix };
  });
  // One sequence update per prefix reserves a block of numbers.
  const counts = new Map<string, number>();
  for (const p of prepared) counts.set(p.prefix, (counts.get(p.prefix) ?? 0) + 1);
  const next = new Map<string, number>();
  for (const [prefix, n] of counts) {
    const [seq] = await db
      .insert(certificateSequences)
      .values({ prefix, last: n })
      .onConflictDoUpdate({
        target: certificateSequences.prefix,
        set: { last: sql`${certificateSequences.last} + ${n}` },
      })
      .returning({ last: certificateSequences.last });
    next.set(prefix, seq!.last - n + 1);
  }
  const rows = prepared.map(({ input, level, user, center, region, issuedOn, prefix }) => {
    const sequence = next.get(prefix)!;
    next.set(prefix, sequence + 1);
    const { expiresOn, expiresAt } = validityOf(issuedOn, level.config.certificate.validityYears);
    const record = frozenRecord({
      levelSlug: input.levelSlug,
      sequence,
      issuedOn,
      expiresOn,
      holder: { ...user, id: input.userId },
      level,
      center,
      region,
    });
    return signedRow(key, record, {
      ...input,
      issuedBy: null,
      centerId: center?.id ?? null,
      expiresAt,
      levelVersion: level.currentVersion,
    });
  });
  const slots = await allocateStatusSlots(db, rows.length);
  const placed = rows.map((row, i) => ({ ...row, ...slots[i]! }));
  for (let i = 0; i < placed.length; i += 500) await db.insert(certificates).values(placed.slice(i, i + 500));
  return rows.length;
}
