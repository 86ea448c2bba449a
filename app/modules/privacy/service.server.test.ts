import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { privacyConsents } from "#db/schema";
import { makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { CURRENT_PRIVACY_VERSION } from "./notice";
import { hasCurrentConsent, recordConsent, recordConsents, requestDeletion } from "./service.server";

describe("consent to the privacy notice", () => {
  test("is recorded with the version, the time and where it was given, once per version", async () => {
    const d = await db();
    const person = await makeUser(d, { consent: false });
    expect(await hasCurrentConsent(d, person.id)).toBe(false);
    const before = Date.now();
    await recordConsent(d, person.id, "prompt");
    await recordConsent(d, person.id, "prompt");
    const rows = await d.select().from(privacyConsents).where(eq(privacyConsents.userId, person.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: CURRENT_PRIVACY_VERSION, source: "prompt", recordedBy: null });
    expect(rows[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(await hasCurrentConsent(d, person.id)).toBe(true);
  });

  test("a consent to an older version does not count: the person is asked again", async () => {
    const d = await db();
    const person = await makeUser(d, { consent: false });
    await d.insert(privacyConsents).values({ userId: person.id, version: "2020-01-01", source: "signup" });
    expect(await hasCurrentConsent(d, person.id)).toBe(false);
  });

  test("an import records each new account's consent on the word of the staff who imported", async () => {
    const d = await db();
    const staff = await makeUser(d);
    const [a, b] = [await makeUser(d, { consent: false }), await makeUser(d, { consent: false })];
    await recordConsents(d, [a.id, b.id], "import", staff.id);
    for (const p of [a, b]) {
      const [row] = await d.select().from(privacyConsents).where(eq(privacyConsents.userId, p.id));
      expect(row).toMatchObject({ source: "import", recordedBy: staff.id, version: CURRENT_PRIVACY_VERSION });
    }
  });
});

describe("deletion requests", () => {
  test("one open request at a time", async () => {
    const d = await db();
    const person = await makeUser(d);
    expect((await requestDeletion(d, person.id, "不再使用")).ok).toBe(true);
    expect(await requestDeletion(d, person.id, "再次申请")).toEqual({
      ok: false,
      field: "reason",
      message: "privacy.alreadyRequested",
    });
  });
});
