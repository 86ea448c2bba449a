import { describe, expect, test } from "vitest";
import { drawExam, seededRandom, type BankEntry } from "./draw";

const bank: BankEntry[] = Array.from({ length: 40 }, (_, i) => ({
  questionId: `q${i}`,
  versionId: `v${i}`,
  module: i % 2 ? "政策法规" : "实务技能",
  topic: i < 20 ? "law" : "contracts",
  type: i % 4 === 0 ? "multiple" : "single",
  difficulty: (i % 5) + 1,
  optionCounts: [4],
}));
const name = { zh: "节", en: "Section" };

describe("drawing an exam", () => {
  test("draws distinct questions per section that fit its filters, with shuffled options", () => {
    const result = drawExam(
      bank,
      [
        { name, draw: 5, types: ["multiple"] },
        { name, draw: 8, modules: ["政策法规"], difficulty: { min: 2, max: 4 } },
        { name, draw: 4, topics: ["contracts"] },
      ],
      seededRandom(42),
    );
    if (!result.ok) throw new Error("draw failed");
    expect(result.items).toHaveLength(17);
    expect(new Set(result.items.map((i) => i.questionId)).size).toBe(17);
    const byId = new Map(bank.map((b) => [b.questionId, b]));
    for (const item of result.items.filter((i) => i.section === 0)) expect(byId.get(item.questionId)!.type).toBe("multiple");
    for (const item of result.items.filter((i) => i.section === 1)) {
      const entry = byId.get(item.questionId)!;
      expect(entry.module).toBe("政策法规");
      expect(entry.difficulty).toBeGreaterThanOrEqual(2);
      expect(entry.difficulty).toBeLessThanOrEqual(4);
    }
    for (const item of result.items) expect([...item.optionOrders[0]!].sort()).toEqual([0, 1, 2, 3]);
  });

  test("two draws differ, the same seed draws the same", () => {
    const sections = [{ name, draw: 10 }];
    const a = drawExam(bank, sections, seededRandom(1));
    const b = drawExam(bank, sections, seededRandom(2));
    const again = drawExam(bank, sections, seededRandom(1));
    expect(a).toEqual(again);
    expect(a).not.toEqual(b);
  });

  test("a section the bank cannot fill is named, with what it needs and has", () => {
    expect(drawExam(bank, [{ name, draw: 11, types: ["multiple"] }], seededRandom(3))).toEqual({
      ok: false,
      section: 0,
      needed: 11,
      available: 10,
    });
  });
});
