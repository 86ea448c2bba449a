import { describe, expect, test } from "vitest";
import { canonicalize, recordPayload } from "./canonical";
import type { CertificateRecord } from "./record";
import { sampleRecord } from "../../../tests/setup/sample-record";

const record = sampleRecord({
  subjectHash: "sha256$00",
  subjectSalt: "00",
  expiresOn: null,
});

describe("JSON canonicalization (RFC 8785)", () => {
  test("RFC 8785 §3.2.2 example: numbers, string escapes and literals", () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  test("RFC 8785 §3.2.3 example: keys sorted by UTF-16 code units", () => {
    const input = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    // Compared as text: parsing it back would put the integer-like key "1" first again.
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  test("RFC 8785 Appendix B number serialization", () => {
    const cases: [number, string][] = [
      [0, "0"],
      [-0, "0"],
      [5e-324, "5e-324"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
      [9007199254740992, "9007199254740992"],
      [295147905179352830000, "295147905179352830000"],
      [1e21, "1e+21"],
      [1e-7, "1e-7"],
      [0.000001, "0.000001"],
    ];
    for (const [value, expected] of cases) expect(canonicalize(value)).toBe(expected);
  });

  test("no whitespace, nested values sorted too, independent of key order", () => {
    const a = { b: [1, { y: "2", x: null }], a: { d: true, c: "中文" } };
    const b = { a: { c: "中文", d: true }, b: [1, { x: null, y: "2" }] };
    expect(canonicalize(a)).toBe('{"a":{"c":"中文","d":true},"b":[1,{"x":null,"y":"2"}]}');
    expect(canonicalize(b)).toBe(canonicalize(a));
  });

  test("throws on what JSON cannot say instead of dropping it", () => {
    expect(() => canonicalize({ a: undefined })).toThrow();
    expect(() => canonicalize([undefined])).toThrow();
    expect(() => canonicalize(() => 1)).toThrow();
    expect(() => canonicalize({ f: () => 1 })).toThrow();
    expect(() => canonicalize(NaN)).toThrow();
    expect(() => canonicalize(Infinity)).toThrow();
    expect(() => canonicalize(10n)).toThrow();
    expect(() => canonicalize(Symbol("s"))).toThrow();
    expect(() => canonicalize(new Date())).toThrow();
    expect(() => canonicalize(new Map())).toThrow();
    expect(() => canonicalize("\ud800")).toThrow();
  });

  test("the record payload is versioned canonical UTF-8 JSON of exactly the record's fields", () => {
    const text = new TextDecoder().decode(recordPayload(record));
    expect(
      text.startsWith(
        '{"centerNameEn":"Shanxi Technology Transfer Training Center","centerNameZh":"山西省技术转移培训中心","code":"7K3M9QX2PD",',
      ),
    ).toBe(true);
    expect(JSON.parse(text)).toEqual({ v: 1, ...record });
    expect(text).toContain('"expiresOn":null');
    expect(text.endsWith(',"subjectSalt":"00","v":1}')).toBe(true);
    // Property order and extra properties of the object passed in do not matter.
    const reordered = Object.fromEntries(Object.entries(record).reverse()) as unknown as CertificateRecord;
    expect(recordPayload({ ...reordered, extra: "ignored" } as CertificateRecord)).toEqual(recordPayload(record));
  });
});
