import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { countStatements } from "../../../tests/setup/statements";
import { db } from "~/utils/db.server";
import { drawPool, keyedVersions, shownVersions } from "./index.server";

describe("question versions kept per process", () => {
  test("callers asking at once for versions not kept yet share one read, and all get them", async () => {
    await syncFixtureContent();
    const d = await db();
    const versionIds = (await drawPool(d, "junior")).map((entry) => entry.versionId);
    expect(versionIds.length).toBeGreaterThan(2);
    // Keyed versions: nothing else in this file has read them, and ids that exist nowhere are never kept.
    const unknown = [randomUUID(), randomUUID()];
    const wanted = [...versionIds, ...unknown];
    const statements = countStatements(d);
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => keyedVersions(d, wanted)));
      expect(statements).toHaveBeenCalledTimes(1);
      for (const answer of answers) {
        expect([...answer.keys()].sort()).toEqual([...versionIds].sort());
        expect(answer.get(versionIds[0]!)?.key).toBeDefined();
      }
      // Kept now: only the unknown ids are asked for again.
      statements.mockClear();
      const again = await keyedVersions(d, wanted);
      expect(again.size).toBe(versionIds.length);
      expect(statements).toHaveBeenCalledTimes(1);
    } finally {
      statements.mockRestore();
    }
  });

  test("a read that fails fails every caller waiting for it, and the next caller reads again", async () => {
    await syncFixtureContent();
    const d = await db();
    const ids = [randomUUID()];
    const failing = countStatements(d).mockImplementationOnce(() => Promise.reject(new Error("connection lost")));
    try {
      const both = await Promise.allSettled([shownVersions(d, ids), shownVersions(d, ids)]);
      expect(both.map((one) => one.status)).toEqual(["rejected", "rejected"]);
      expect(failing).toHaveBeenCalledTimes(1);
    } finally {
      failing.mockRestore();
    }
    expect((await shownVersions(d, ids)).size).toBe(0);
  });
});
