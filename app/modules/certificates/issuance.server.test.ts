import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { certificates, signingKeys } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { issueCertificate, issueCertificatesInBulk, validityOf } from "./issuance.server";
import { rotateKeyFile, verifyRecord, type PublicJwk } from "./keys.server";
import type { CertificateRecord } from "./record";
import { parseSerial } from "./serial";
import { publishedJwks, resetSigningKeyCache } from "./signing.server";

beforeAll(() => syncFixtureContent());

async function taiyuanTrainee() {
  const d = await db();
  const region = await makeRegion(d);
  const center = await makeOrganization(d, region.id);
  const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
  return { d, region, center, trainee };
}

describe("issuing", () => {
  test("two concurrent issues give one certificate", async () => {
    const { d, center, trainee } = await taiyuanTrainee();
    const input = {
      userId: trainee.id,
      levelSlug: "junior",
      centerId: center.id,
      issuedAt: new Date(),
      issuedBy: null,
    };
    const [a, b] = await Promise.all([issueCertificate(d, input), issueCertificate(d, input)]);
    expect(a.certificateId).toBe(b.certificateId);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(await d.select().from(certificates).where(eq(certificates.userId, trainee.id))).toHaveLength(1);
  });

  test("serials count up per year, region and level; codes are 50-bit Crockford strings, all different", async () => {
    const d = await db();
    const region = await makeRegion(d, "SXT");
    const center = await makeOrganization(d, region.id);
    const issuedAt = new Date("2026-11-27T02:00:00Z");
    const serials = [];
    const codes = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
      const { certificateId } = await issueCertificate(d, {
        userId: trainee.id,
        levelSlug: "junior",
        centerId: center.id,
        issuedAt,
        issuedBy: null,
      });
      const [row] = await d.select().from(certificates).where(eq(certificates.id, certificateId));
      serials.push(row!.serial);
      codes.add(row!.code);
      expect(row!.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
      expect(row!.record).toMatchObject({
        issuedOn: "2026-11-27",
        expiresOn: "2029-11-26",
        regionCode: "SXT",
        levelSlug: "junior",
      });
      expect(parseSerial(row!.serial)).toMatchObject({ year: 2026, regionCode: "SXT" });
    }
    expect(serials).toEqual(["TMA-2026-SXT-J-00001", "TMA-2026-SXT-J-00002", "TMA-2026-SXT-J-00003"]);
    expect(codes.size).toBe(3);
  });

  test("validity runs whole years from the day of issue, ending at midnight China time", () => {
    expect(validityOf("2026-11-27", 3)).toEqual({
      expiresOn: "2029-11-26",
      expiresAt: new Date("2029-11-26T16:00:00Z"),
    });
    expect(validityOf("2024-02-29", 1).expiresOn).toBe("2025-02-28");
  });
});

describe("historical records in bulk", () => {
  test("numbered in the order given after those already issued, signed like any other, holders skipped", async () => {
    const d = await db();
    const region = await makeRegion(d, "HIS");
    const center = await makeOrganization(d, region.id);
    const people: Awaited<ReturnType<typeof makeUser>>[] = [];
    for (let i = 0; i < 4; i++) people.push(await makeUser(d, { role: "trainee", organizationId: center.id }));
    await issueCertificate(d, {
      userId: people[0]!.id,
      levelSlug: "junior",
      centerId: center.id,
      issuedAt: new Date("2021-03-01T02:00:00Z"),
      issuedBy: null,
    });
    const made = await d.transaction((tx) =>
      issueCertificatesInBulk(
        tx,
        people.map((p, i) => ({
          userId: p.id,
          levelSlug: "junior",
          centerId: center.id,
          issuedAt: new Date(`2021-0${i + 4}-01T02:00:00Z`),
        })),
      ),
    );
    expect(made).toBe(3);
    const rows = await d.select().from(certificates).where(eq(certificates.centerId, center.id));
    expect(rows.map((r) => r.serial).sort()).toEqual([
      "TMA-2021-HIS-J-00001",
      "TMA-2021-HIS-J-00002",
      "TMA-2021-HIS-J-00003",
      "TMA-2021-HIS-J-00004",
    ]);
    const jwks = await publishedJwks(d);
    for (const r of rows)
      expect(verifyRecord(jwks.keys.find((k) => k.kid === r.kid) as unknown as PublicJwk, r.record, r.signature)).toBe(
        true,
      );
    expect(rows.find((r) => r.userId === people[3]!.id)!.record).toMatchObject({
      issuedOn: "2021-07-01",
      expiresOn: "2024-06-30",
    });
  });
});

describe("signing", () => {
  test("the stored signature verifies with the published key and fails when any field changes; a rotation keeps old certificates valid", async () => {
    const { d, center, trainee } = await taiyuanTrainee();
    const first = await issueCertificate(d, {
      userId: trainee.id,
      levelSlug: "junior",
      centerId: center.id,
      issuedAt: new Date(),
      issuedBy: null,
    });
    const [old] = await d.select().from(certificates).where(eq(certificates.id, first.certificateId));
    const keyOf = async (kid: string) =>
      (await publishedJwks(d)).keys.find((k) => k.kid === kid)! as unknown as PublicJwk;
    expect(verifyRecord(await keyOf(old!.kid), old!.record, old!.signature)).toBe(true);
    for (const field of Object.keys(old!.record) as (keyof CertificateRecord)[])
      expect(
        verifyRecord(await keyOf(old!.kid), { ...old!.record, [field]: `${old!.record[field]}x` }, old!.signature),
      ).toBe(false);

    await rotateKeyFile(process.env.DATA_DIR!);
    resetSigningKeyCache();
    const other = await makeUser(d, { role: "trainee", organizationId: center.id });
    const second = await issueCertificate(d, {
      userId: other.id,
      levelSlug: "junior",
      centerId: center.id,
      issuedAt: new Date(),
      issuedBy: null,
    });
    const [fresh] = await d.select().from(certificates).where(eq(certificates.id, second.certificateId));
    expect(fresh!.kid).not.toBe(old!.kid);
    const jwks = await publishedJwks(d);
    expect(jwks.keys.map((k) => k.kid)).toEqual([old!.kid, fresh!.kid]);
    expect(jwks.keys[0]!["tma:activeUntil"]).toBeDefined();
    expect(jwks.keys[1]!["tma:activeUntil"]).toBeUndefined();
    expect(verifyRecord(await keyOf(old!.kid), old!.record, old!.signature)).toBe(true);
    expect(verifyRecord(await keyOf(fresh!.kid), fresh!.record, fresh!.signature)).toBe(true);
    expect(await d.select().from(signingKeys)).toHaveLength(2);
  });
});
