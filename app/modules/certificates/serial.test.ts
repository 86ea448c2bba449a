import { describe, expect, test } from "vitest";
import { formatSerial, levelLetterOf, parseSerial } from "./serial";

const parts = { issuer: "TMA", year: 2026, regionCode: "SX", levelSlug: "junior", sequence: 42 };

describe("certificate serials", () => {
  test("formats issuer, year, region, level letter and a five-digit sequence", () => {
    expect(formatSerial(parts)).toBe("TMA-2026-SX-J-00042");
    expect(formatSerial({ ...parts, levelSlug: "intermediate", regionCode: "YRD", sequence: 1 })).toBe(
      "TMA-2026-YRD-I-00001",
    );
    expect(formatSerial({ ...parts, levelSlug: "senior", sequence: 99999 })).toBe("TMA-2026-SX-S-99999");
  });

  test("the sequence grows beyond five digits instead of wrapping", () => {
    expect(formatSerial({ ...parts, sequence: 123456 })).toBe("TMA-2026-SX-J-123456");
  });

  test("an unknown level uses its first letter, upper-cased", () => {
    expect(levelLetterOf("expert")).toBe("E");
    expect(formatSerial({ ...parts, levelSlug: "master" })).toBe("TMA-2026-SX-M-00042");
  });

  test("refuses parts that would make an unreadable serial", () => {
    expect(() => formatSerial({ ...parts, sequence: -1 })).toThrow();
    expect(() => formatSerial({ ...parts, sequence: 1.5 })).toThrow();
    expect(() => formatSerial({ ...parts, regionCode: "s-x" })).toThrow();
    expect(() => formatSerial({ ...parts, levelSlug: "" })).toThrow();
    expect(() => formatSerial({ ...parts, year: 26 })).toThrow();
  });

  test("parses a serial typed in any case with spaces around", () => {
    expect(parseSerial("  tma-2026-sx-j-00042 ")).toEqual({
      issuer: "TMA",
      year: 2026,
      regionCode: "SX",
      levelLetter: "J",
      levelSlug: "junior",
      sequence: 42,
      serial: "TMA-2026-SX-J-00042",
    });
    expect(parseSerial("TMA-2026-SX-J-123456")?.sequence).toBe(123456);
    expect(parseSerial("TMA-2026-SX-X-00001")?.levelSlug).toBeNull();
  });

  test("round-trips every serial it formats", () => {
    for (const levelSlug of ["junior", "intermediate", "senior"]) {
      for (const sequence of [0, 7, 42, 99999, 100000]) {
        const serial = formatSerial({ ...parts, levelSlug, sequence });
        expect(parseSerial(serial)).toMatchObject({ serial, levelSlug, sequence, regionCode: "SX", year: 2026 });
      }
    }
  });

  test("returns null for anything that is not a serial", () => {
    for (const text of [
      "",
      "TMA-2026-SX-J-0042",
      "TMA-2026-SX-J-000042",
      "TMA-26-SX-J-00042",
      "TMA-2026-SX-JR-00042",
      "TMA 2026 SX J 00042",
      "TMA-2026-SX-J-00042-1",
      "7K3M9-QX2PD",
    ]) {
      expect(parseSerial(text), text).toBeNull();
    }
  });
});
