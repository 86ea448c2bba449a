import { describe, expect, test } from "vitest";
import { issueTestCertificate } from "../../../tests/setup/test-certificates";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { db } from "~/utils/db.server";
import { STATUS_LIST_CAPACITY, allocateStatusSlots } from "./status-slots.server";
import { STATUS_LIST_LENGTH } from "./badge.server";

describe("status list slots", () => {
  test("are random positions, not issue order, and a new list starts when one is full", async () => {
    await syncFixtureContent();
    const d = await db();
    const issued = await Promise.all([1, 2, 3, 4].map(() => issueTestCertificate(d)));
    const indexes = issued.map((c) => c.statusIndex);
    expect(new Set(indexes).size).toBe(4);
    for (const c of issued) expect(c.statusList).toBe(1);
    // Four sequential positions from 131,072 by chance: about one in 10^15.
    expect([...indexes].sort((a, b) => a - b)).not.toEqual([0, 1, 2, 3]);
    expect(Math.max(...indexes)).toBeGreaterThan(8);
    expect(STATUS_LIST_CAPACITY).toBeLessThanOrEqual(STATUS_LIST_LENGTH);

    // A list of 16 bits taking 6: the four above fill list 1 beyond capacity 4, so slots go to lists 2 and 3.
    const slots = await d.transaction((tx) => allocateStatusSlots(tx, 9, 6, 16));
    // List 1 holds 4 certificates (and 2 more fit); then list 2 takes 6 and list 3 the last one.
    expect(slots.map((s) => s.statusList)).toEqual([1, 1, 2, 2, 2, 2, 2, 2, 3]);
    const inList1 = slots.filter((s) => s.statusList === 1).map((s) => s.statusIndex);
    for (const i of inList1) expect(indexes).not.toContain(i);
    for (const s of slots) expect(s.statusIndex).toBeGreaterThanOrEqual(0);
    for (const s of slots) expect(s.statusIndex).toBeLessThan(16);
    expect(new Set(slots.filter((s) => s.statusList === 2).map((s) => s.statusIndex)).size).toBe(6);
  });
});
