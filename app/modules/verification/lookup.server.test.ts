import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { certificates } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { db } from "~/utils/db.server";
import { findCertificate, findCertificates, parseVerificationQuery } from "./lookup.server";
import {
  issueTestCertificate,
  reissueTestCertificate,
  revokeTestCertificate,
} from "../../../tests/setup/test-certificates";

beforeAll(() => syncFixtureContent());

describe("reading what people type", () => {
  test("a code is understood grouped, in lower case, with spaces, full-width, or with I/L/O for 1/0", () => {
    for (const typed of ["7K3M9QX2PD", "7K3M9-QX2PD", "7k3m9-qx2pd", " 7K3M9 QX2PD ", "７Ｋ３Ｍ９－ＱＸ２ＰＤ"]) {
      expect(parseVerificationQuery(typed)).toEqual({ kind: "code", code: "7K3M9QX2PD" });
    }
    expect(parseVerificationQuery("ABCDE-FGHJO")).toEqual({ kind: "code", code: "ABCDEFGHJ0" });
  });

  test("a serial is understood in any case and with spaces between its parts", () => {
    for (const typed of [
      "TMA-2026-SX-J-00042",
      "tma-2026-sx-j-00042",
      "TMA 2026 SX J 00042",
      " TMA–2026–SX–J–00042 ",
    ]) {
      expect(parseVerificationQuery(typed)).toEqual({ kind: "serial", serial: "TMA-2026-SX-J-00042" });
    }
  });

  test("anything else is refused", () => {
    for (const typed of [
      "",
      "   ",
      "hello",
      "7K3M9QX2P",
      "7K3M9QX2PDX",
      "TMA-2026-SX-J-42",
      "U".repeat(10),
      "x".repeat(500),
    ]) {
      expect(parseVerificationQuery(typed)).toBeNull();
    }
  });
});

describe("finding a certificate", () => {
  test("by code or by serial, in any spelling, with a masked name and a signature that verifies", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d, { holderName: "张晓芳" });
    const grouped = `${issued.code.slice(0, 5)}-${issued.code.slice(5)}`;
    for (const typed of [
      issued.code,
      grouped.toLowerCase(),
      ` ${issued.code.slice(0, 5)} ${issued.code.slice(5)} `,
      issued.serial.toLowerCase(),
    ]) {
      const found = await findCertificate(d, parseVerificationQuery(typed)!);
      expect(found?.id).toBe(issued.id);
    }
    const found = (await findCertificate(d, parseVerificationQuery(issued.code)!))!;
    expect(found.holderName).toBe("张晓芳");
    expect(found.view).toMatchObject({
      serial: issued.serial,
      code: grouped,
      status: "valid",
      holderNameMasked: "张*芳",
      levelSlug: "junior",
      centerNameZh: issued.center.nameZh,
      regionCode: issued.region.code,
      revoked: null,
      superseded: null,
      signature: { alg: "EdDSA", kid: issued.kid, verified: true },
    });
    // The public view never carries the full name or the holder's hashed contact.
    expect(JSON.stringify(found.view)).not.toContain("张晓芳");
    expect(JSON.stringify(found.view)).not.toContain(issued.record.subjectHash);
  });

  test("an unknown code or serial finds nothing", async () => {
    const d = await db();
    expect(await findCertificate(d, parseVerificationQuery("ZZZZZ-ZZZZZ")!)).toBeNull();
    expect(await findCertificate(d, parseVerificationQuery("TMA-2020-XX-J-99999")!)).toBeNull();
  });

  test("an altered record no longer verifies against the published key", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d, { holderName: "李明" });
    await d
      .update(certificates)
      .set({ record: { ...issued.record, holderName: "李明明" } })
      .where(eq(certificates.id, issued.id));
    const found = await findCertificate(d, parseVerificationQuery(issued.code)!);
    expect(found?.view.signature.verified).toBe(false);
    // Whatever its dates and revocation say, it is not to be trusted.
    expect(found?.view.status).toBe("invalid");
  });

  test("by serial, the view carries no verification code", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    const found = await findCertificate(d, parseVerificationQuery(issued.serial)!);
    expect(found?.view).toMatchObject({ serial: issued.serial, code: null, status: "valid" });
    expect(JSON.stringify(found?.view)).not.toContain(issued.code.slice(5));
  });
});

describe("status", () => {
  test("expired once the validity has run out", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d, { issuedAt: new Date("2020-03-01T02:00:00Z") });
    const found = await findCertificate(d, parseVerificationQuery(issued.code)!);
    expect(found?.view).toMatchObject({ status: "expired", issuedOn: "2020-03-01", expiresOn: "2023-02-28" });
    // …and valid on a day inside it.
    expect((await findCertificate(d, parseVerificationQuery(issued.code)!, new Date("2022-01-01")))?.view.status).toBe(
      "valid",
    );
  });

  test("revoked, with the date and the reason", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    const at = new Date("2026-05-04T06:00:00Z");
    await revokeTestCertificate(d, issued.id, "考试作弊", at);
    const found = await findCertificate(d, parseVerificationQuery(issued.serial)!);
    expect(found?.view).toMatchObject({ status: "revoked", revoked: { at: at.toISOString(), reason: "考试作弊" } });
  });

  test("superseded, with the date, the reason and the code of the certificate that replaced it", async () => {
    const d = await db();
    const old = await issueTestCertificate(d);
    const at = new Date("2026-06-01T00:00:00Z");
    const reissued = await reissueTestCertificate(d, old.id, at);
    const found = await findCertificate(d, parseVerificationQuery(old.code)!);
    expect(found?.view).toMatchObject({
      status: "superseded",
      superseded: {
        at: at.toISOString(),
        reason: "reissued",
        byCode: `${reissued.code.slice(0, 5)}-${reissued.code.slice(5)}`,
      },
    });
    expect((await findCertificate(d, parseVerificationQuery(reissued.code)!))?.view.status).toBe("valid");
  });

  test("many at once: found by code or serial, unknown ones absent", async () => {
    const d = await db();
    const a = await issueTestCertificate(d);
    const b = await issueTestCertificate(d);
    const found = await findCertificates(d, [
      parseVerificationQuery(a.code)!,
      parseVerificationQuery(b.serial)!,
      parseVerificationQuery(b.code)!,
      parseVerificationQuery("ZZZZZ-ZZZZZ")!,
    ]);
    expect(found.get(a.code)?.id).toBe(a.id);
    expect(found.get(b.serial)?.id).toBe(b.id);
    // Asked for both ways, each answer has its own view: only the code's carries the code.
    expect(found.get(b.code)?.view.code).not.toBeNull();
    expect(found.get(b.serial)?.view.code).toBeNull();
    expect(found.has("ZZZZZZZZZZ")).toBe(false);
  });
});
