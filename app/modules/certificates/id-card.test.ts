import { describe, expect, test } from "vitest";
import { idCardCheckCharacter, maskIdCardNumber, parseIdCardNumber } from "./id-card";

const today = new Date("2026-12-06T00:00:00Z");

describe("ID-card numbers (GB 11643)", () => {
  test("accepts numbers whose check character holds, with X in either case and spaces between groups", () => {
    // The example printed in GB 11643-1999.
    expect(parseIdCardNumber("11010519491231002X", today)).toEqual({ ok: true, number: "11010519491231002X" });
    expect(parseIdCardNumber("110105 19491231 002x", today)).toEqual({ ok: true, number: "11010519491231002X" });
    expect(idCardCheckCharacter("11010519491231002")).toBe("X");
  });

  test("refuses a changed digit, a wrong length, an unknown province and impossible birth dates", () => {
    expect(parseIdCardNumber("11010519491231003X", today)).toEqual({ ok: false, problem: "checkDigit" });
    expect(parseIdCardNumber("110105194912310", today)).toEqual({ ok: false, problem: "format" });
    expect(parseIdCardNumber("99010519491231002X", today)).toEqual({ ok: false, problem: "region" });
    const withDate = (date: string) => {
      const first17 = `110105${date}002`;
      return parseIdCardNumber(first17 + idCardCheckCharacter(first17), today);
    };
    expect(withDate("19490231")).toEqual({ ok: false, problem: "birthDate" });
    expect(withDate("20271201")).toEqual({ ok: false, problem: "birthDate" });
    expect(withDate("20000229")).toMatchObject({ ok: true });
    expect(withDate("19000229")).toEqual({ ok: false, problem: "birthDate" });
  });

  test("a masked number shows the first three and last four characters only", () => {
    expect(maskIdCardNumber("11010519491231002X")).toBe("110***********002X");
  });
});
