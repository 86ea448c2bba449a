import { describe, expect, test } from "vitest";
import { parseCaseForm } from "./case-input";

const today = "2026-05-20";
const form = (over: Record<string, string> = {}) => ({
  title: "高校专利许可给本地装备企业",
  contractType: "licence",
  registrationNo: "2025140100001234",
  amount: "125万",
  role: "技术经理人，负责需求对接与许可谈判",
  startedOn: "2025-03-01",
  endedOn: "2025-11-30",
  description:
    "某高校课题组的一项高温合金专利，经需求调研后许可给本地一家装备企业实施，我负责对接、尽调与谈判，约定入门费加销售提成。",
  ...over,
});

describe("the case form", () => {
  test("a complete case is read with the amount in fen and empty optional fields as null", () => {
    expect(parseCaseForm(form(), today)).toEqual({
      ok: true,
      input: expect.objectContaining({
        amountFen: 125_000_000,
        contractType: "licence",
        registrationNo: "2025140100001234",
        endedOn: "2025-11-30",
      }),
    });
    const ongoing = parseCaseForm(form({ registrationNo: " ", endedOn: "" }), today);
    expect(ongoing).toMatchObject({ ok: true, input: { registrationNo: null, endedOn: null } });
  });

  test("every wrong field is reported at once, each with what to fix", () => {
    const result = parseCaseForm(
      form({
        title: "",
        contractType: "loan",
        registrationNo: "登记/123",
        amount: "-5",
        role: "",
        startedOn: "2026-02-30",
        description: "太短了",
      }),
      today,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        title: "portfolio.errors.title",
        contractType: "portfolio.errors.contractType",
        registrationNo: "portfolio.errors.registrationNo",
        amount: "portfolio.errors.amountNegative",
        role: "portfolio.errors.role",
        startedOn: "portfolio.errors.startedOn",
        description: "portfolio.errors.descriptionShort",
      },
    });
  });

  test("dates: not in the future, and the end not before the start", () => {
    expect(parseCaseForm(form({ startedOn: "2026-05-21", endedOn: "" }), today)).toEqual({
      ok: false,
      errors: { startedOn: "portfolio.errors.dateInFuture" },
    });
    expect(parseCaseForm(form({ endedOn: "2026-06-01" }), today)).toEqual({
      ok: false,
      errors: { endedOn: "portfolio.errors.dateInFuture" },
    });
    expect(parseCaseForm(form({ endedOn: "2025-02-28" }), today)).toEqual({
      ok: false,
      errors: { endedOn: "portfolio.errors.endBeforeStart" },
    });
    expect(parseCaseForm(form({ startedOn: today, endedOn: today }), today).ok).toBe(true);
  });

  test("the description needs 50 characters, counted as a reader counts Chinese", () => {
    expect(parseCaseForm(form({ description: "案".repeat(49) }), today)).toEqual({
      ok: false,
      errors: { description: "portfolio.errors.descriptionShort" },
    });
    expect(parseCaseForm(form({ description: `  ${"案".repeat(50)}  ` }), today).ok).toBe(true);
  });

  test("a registration number is letters, digits and single hyphens, at most 64", () => {
    expect(parseCaseForm(form({ registrationNo: "2025-1401-A0001" }), today).ok).toBe(true);
    expect(parseCaseForm(form({ registrationNo: "A".repeat(65) }), today)).toMatchObject({
      errors: { registrationNo: "portfolio.errors.registrationNo" },
    });
    expect(parseCaseForm(form({ registrationNo: "-2025" }), today)).toMatchObject({
      errors: { registrationNo: "portfolio.errors.registrationNo" },
    });
  });
});
