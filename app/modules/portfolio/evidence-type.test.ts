import { describe, expect, test } from "vitest";
import { attachmentDisposition, evidenceFileName, sniffEvidenceType } from "./evidence-type";
import { bytes, forged, samples } from "../../../tests/setup/evidence-samples";

describe("evidence type from the bytes", () => {
  test("PDF, PNG, JPEG and WebP are recognised by their signatures", async () => {
    expect(await sniffEvidenceType(samples.pdf)).toBe("application/pdf");
    expect(await sniffEvidenceType(samples.png)).toBe("image/png");
    expect(await sniffEvidenceType(samples.jpeg)).toBe("image/jpeg");
    expect(await sniffEvidenceType(samples.webp)).toBe("image/webp");
  });

  test("a Windows program, an HTML page or a WAV sound are refused whatever they are called", async () => {
    expect(await sniffEvidenceType(forged.exe)).toBeNull();
    expect(await sniffEvidenceType(forged.html)).toBeNull();
    // RIFF, but not WebP.
    expect(await sniffEvidenceType(bytes("RIFF", [36, 0, 0, 0], "WAVEfmt "))).toBeNull();
    // A PDF signature not at the start does not count.
    expect(await sniffEvidenceType(bytes(" %PDF-1.7"))).toBeNull();
    expect(await sniffEvidenceType(new Uint8Array())).toBeNull();
    expect(await sniffEvidenceType(bytes([0xff, 0xd8]))).toBeNull();
  });

  test("the stored name keeps the uploader's name with an extension that matches the content", () => {
    expect(evidenceFileName("技术许可合同.pdf", "application/pdf")).toBe("技术许可合同.pdf");
    expect(evidenceFileName("scan.PDF", "image/png")).toBe("scan.png");
    expect(evidenceFileName("photo.JPEG", "image/jpeg")).toBe("photo.jpeg");
    expect(evidenceFileName("report.v2", "application/pdf")).toBe("report.v2.pdf");
    expect(evidenceFileName('..\\a"b<c>.pdf', "application/pdf")).toBe("abc.pdf");
    expect(evidenceFileName("", "image/webp")).toBe("evidence.webp");
  });

  test("downloads carry an ASCII name and the real name in RFC 5987 form", () => {
    expect(attachmentDisposition("技术许可合同.pdf")).toBe(
      `attachment; filename="evidence.pdf"; filename*=UTF-8''${encodeURIComponent("技术许可合同.pdf")}`,
    );
    expect(attachmentDisposition("contract (signed)'s copy.png")).toBe(
      `attachment; filename="contract_signed_s_copy.png"; filename*=UTF-8''contract%20%28signed%29%27s%20copy.png`,
    );
  });
});
