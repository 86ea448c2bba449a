import { Writable } from "node:stream";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, test } from "vitest";
import {
  formatDateEn,
  formatDateZh,
  holderFontSize,
  renderCertificatePdf,
  renderCertificatesZip,
  splitCjk,
} from "./pdf.server";
import { sampleRecord } from "../../../tests/setup/sample-record";

const verifyUrl = "https://academy.example.cn/verify/7K3M9QX2PD";

async function readPdf(pdf: Buffer) {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  const page = await document.getPage(1);
  const { width, height } = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  // Joined without separators: react-pdf may place each Chinese character as its own run.
  const text = content.items.map((item) => ("str" in item ? item.str : "")).join("");
  const info = (await document.getMetadata()).info as Record<string, unknown>;
  const result = { pages: document.numPages, width, height, text: text.replace(/\s+/g, ""), info };
  await document.destroy();
  return result;
}

describe("certificate PDFs", () => {
  test("one A4 landscape page with the holder, the level, the serial and the code", async () => {
    const record = sampleRecord();
    const pdf = await renderCertificatePdf(record, { verifyUrl });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { pages, width, height, text, info } = await readPdf(pdf);
    expect(pages).toBe(1);
    expect(width).toBeCloseTo(841.89, 0);
    expect(height).toBeCloseTo(595.28, 0);
    for (const expected of [
      "技术经理人职业能力证书",
      "CertificateofTechnologyManagerCompetence",
      record.holderName,
      record.levelNameZh,
      "JuniorTechnologyManager",
      record.serial,
      "7K3M9-QX2PD",
      record.centerNameZh,
      record.regionNameZh,
      "2026年11月27日",
      "27Nov2026",
      "2029年11月26日",
      "扫描二维码或访问",
      verifyUrl,
      "核验本证书",
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(info).toMatchObject({
      Title: `技术经理人职业能力证书 ${record.serial}`,
      Author: "技术经理人学院 TM Academy",
      Subject: "张晓芳 · 初级技术经理人 Junior Technology Manager",
    });
    // The fonts are subset: a certificate stays small enough to mail.
    expect(pdf.length).toBeLessThan(100_000);
  });

  test("long Chinese text wraps instead of being cut off", async () => {
    const centerNameZh = "中国科学院科技成果转化与技术转移人才培训中心山西分中心（太原高新技术产业开发区）";
    const { pages, text } = await readPdf(
      await renderCertificatePdf(sampleRecord({ centerNameZh, expiresOn: null }), { verifyUrl }),
    );
    expect(pages).toBe(1);
    expect(text).toContain(centerNameZh);
    expect(text).toContain("长期有效");
  });

  test("a long name is set smaller and the certificate stays on one page", async () => {
    const holderName = "Alexandra Konstantinopoulou-Wilhelmina Montgomery";
    expect(holderFontSize("张晓芳")).toBe(34);
    expect(holderFontSize(holderName)).toBeLessThan(34);
    const { pages, text } = await readPdf(await renderCertificatePdf(sampleRecord({ holderName }), { verifyUrl }));
    expect(pages).toBe(1);
    expect(text).toContain(holderName.replace(/\s+/g, ""));
  });

  test("English can lead, with Chinese beside it", async () => {
    const { text } = await readPdf(await renderCertificatePdf(sampleRecord(), { verifyUrl, language: "en" }));
    expect(text.indexOf("CertificateofTechnologyManagerCompetence")).toBeLessThan(
      text.indexOf("技术经理人职业能力证书"),
    );
    expect(text).toContain("张晓芳");
  });

  test("warm render time (measured, not asserted)", async () => {
    const record = sampleRecord();
    await renderCertificatePdf(record, { verifyUrl });
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const start = performance.now();
      await renderCertificatePdf({ ...record, holderName: i % 2 ? "张晓芳" : "欧阳明远" }, { verifyUrl });
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const median = (times[4]! + times[5]!) / 2;
    console.log(
      `certificate PDF warm render: median ${median.toFixed(1)} ms over 10 (min ${times[0]!.toFixed(1)}, max ${times[9]!.toFixed(1)})`,
    );
    expect(median).toBeGreaterThan(0);
  });

  test("CJK runs split into single characters with empty strings between them", () => {
    expect(splitCjk("Certificate")).toEqual(["Certificate"]);
    expect(splitCjk("证书")).toEqual(["证", "", "书"]);
    expect(splitCjk("访问https://a.cn/v")).toEqual(["访", "", "问", "", "https://a.cn/v"]);
    expect(splitCjk("2026年11月")).toEqual(["2026", "", "年", "", "11", "", "月"]);
  });

  test("dates in Chinese and English", () => {
    expect(formatDateZh("2026-11-27")).toBe("2026年11月27日");
    expect(formatDateZh("2027-01-05")).toBe("2027年1月5日");
    expect(formatDateEn("2026-11-27")).toBe("27 Nov 2026");
    expect(formatDateEn("2027-01-05")).toBe("5 Jan 2027");
    expect(() => formatDateZh("27/11/2026")).toThrow();
  });
});

/** The entry names from a ZIP's central directory (enough of the format to count what is inside). */
function zipEntryNames(zip: Buffer): string[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("no end of central directory");
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error("bad central directory entry");
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.subarray(offset + 46, offset + 46 + nameLength).toString("utf8"));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function collector() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { stream, bytes: () => Buffer.concat(chunks) };
}

describe("certificate ZIPs", () => {
  test("one stored PDF per entry, streamed to the output", async () => {
    const entries = ["00041", "00042", "00043"].map((n) => {
      const record = sampleRecord({ serial: `TMA-2026-SX-J-${n}` });
      return { record, verifyUrl, fileName: `${record.serial}.pdf` };
    });
    const output = collector();
    await renderCertificatesZip(entries, output.stream);
    const zip = output.bytes();
    expect(zipEntryNames(zip)).toEqual(entries.map((e) => e.fileName));
    expect(zip.subarray(0, 4).toString("hex")).toBe("504b0304");
    // Stored, not deflated: the PDFs appear as they are.
    expect(zip.indexOf("%PDF-")).toBeGreaterThan(0);
    expect(zip.readUInt16LE(8)).toBe(0); // compression method of the first entry: 0 = stored
  });

  test("an empty list makes an empty ZIP; duplicate names are refused", async () => {
    const output = collector();
    await renderCertificatesZip([], output.stream);
    expect(zipEntryNames(output.bytes())).toEqual([]);
    const entry = { record: sampleRecord(), verifyUrl, fileName: "a.pdf" };
    await expect(renderCertificatesZip([entry, entry], collector().stream)).rejects.toThrow(/a\.pdf/);
  });

  test("a failing output stops the work and rejects", async () => {
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error("client went away"));
      },
    });
    const entries = Array.from({ length: 5 }, (_, i) => ({ record: sampleRecord(), verifyUrl, fileName: `${i}.pdf` }));
    await expect(renderCertificatesZip(entries, broken)).rejects.toThrow("client went away");
  });
});
