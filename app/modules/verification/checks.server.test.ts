import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { certificateChecks } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { db } from "~/utils/db.server";
import { checkSummary, flushCheckLog, recordCheck, recordCheckInBackground, recordChecks } from "./checks.server";
import { issueTestCertificate } from "../../../tests/setup/test-certificates";

beforeAll(() => syncFixtureContent());

describe("the verification log", () => {
  test("every check is one row; the holder sees counts by kind and the last time", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    expect(await checkSummary(d, issued.id)).toEqual({ page: 0, api: 0, bulk: 0, lastCheckedAt: null });

    await recordCheck(d, { certificateId: issued.id, query: issued.code, kind: "page" });
    await recordCheck(d, { certificateId: issued.id, query: issued.code, kind: "page", nameMatched: false });
    recordCheckInBackground(d, { certificateId: issued.id, query: issued.serial, kind: "api_anonymous" });
    recordCheckInBackground(d, { certificateId: issued.id, query: issued.serial, kind: "api_key" });
    await flushCheckLog();
    await recordChecks(d, [{ certificateId: issued.id, query: issued.code, kind: "bulk", nameMatched: true }]);

    const summary = await checkSummary(d, issued.id);
    expect(summary).toMatchObject({ page: 2, api: 2, bulk: 1 });
    expect(summary.lastCheckedAt).toBeInstanceOf(Date);

    const rows = await d.select().from(certificateChecks).where(eq(certificateChecks.certificateId, issued.id));
    expect(
      rows
        .filter((r) => r.nameChecked)
        .map((r) => r.nameMatched)
        .sort(),
    ).toEqual([false, true]);
    expect(rows.filter((r) => !r.nameChecked).every((r) => r.nameMatched === null)).toBe(true);
  });

  test("checks logged in the background reach the database on their own within a moment, many as one batch", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    for (let i = 0; i < 700; i++)
      recordCheckInBackground(d, { certificateId: issued.id, query: issued.code, kind: "api_anonymous" });
    await vi.waitFor(async () => expect((await checkSummary(d, issued.id)).api).toBe(700), {
      timeout: 3000,
      interval: 50,
    });
  });

  test("an unknown code is logged without a certificate; a long query is cut to the column", async () => {
    const d = await db();
    await recordCheck(d, { certificateId: null, query: `Z${"9".repeat(100)}`, kind: "page" });
    const [row] = await d
      .select()
      .from(certificateChecks)
      .where(eq(certificateChecks.query, `Z${"9".repeat(63)}`));
    expect(row).toMatchObject({ certificateId: null, kind: "page", nameChecked: false });
  });
});
