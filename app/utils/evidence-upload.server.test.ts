import { describe, expect, test } from "vitest";
import { MAX_EVIDENCE_BYTES } from "~/modules/portfolio";
import { samples } from "../../tests/setup/evidence-samples";
import { readEvidenceUpload } from "./evidence-upload.server";

function uploadRequest(
  files: { name: string; bytes: Uint8Array; type?: string }[],
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files)
    form.append("files", new File([new Uint8Array(f.bytes)], f.name, { type: f.type ?? "application/octet-stream" }));
  return new Request("http://localhost/portfolio/x", { method: "POST", body: form });
}

describe("reading an evidence upload", () => {
  test("files arrive with their names and bytes, beside the form's other fields", async () => {
    const read = await readEvidenceUpload(
      uploadRequest(
        [
          { name: "合同.pdf", bytes: samples.pdf },
          { name: "现场.png", bytes: samples.png },
        ],
        { intent: "upload" },
      ),
    );
    if (!read.ok) throw new Error(read.message);
    expect(read.form.get("intent")).toBe("upload");
    expect(read.files.map((f) => [f.name, f.bytes.byteLength])).toEqual([
      ["合同.pdf", samples.pdf.byteLength],
      ["现场.png", samples.png.byteLength],
    ]);
    expect([...read.files[0]!.bytes]).toEqual([...samples.pdf]);
  });

  test("a file of more than 5 MB is stopped while it streams, naming the file", async () => {
    const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1);
    big.set(samples.pdf);
    expect(await readEvidenceUpload(uploadRequest([{ name: "扫描件.pdf", bytes: big }]))).toEqual({
      ok: false,
      message: "portfolio.errors.fileTooLarge",
      values: { file: "扫描件.pdf" },
    });
    const exact = new Uint8Array(MAX_EVIDENCE_BYTES);
    expect(await readEvidenceUpload(uploadRequest([{ name: "ok.pdf", bytes: exact }]))).toMatchObject({ ok: true });
  });

  test("more than ten files in one upload are refused", async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `${i}.pdf`, bytes: samples.pdf }));
    expect(await readEvidenceUpload(uploadRequest(eleven))).toEqual({
      ok: false,
      message: "portfolio.errors.tooManyFiles",
      values: { max: 10 },
    });
  });

  test("an empty file input sends no file; a body that is not multipart cannot be read", async () => {
    expect(await readEvidenceUpload(uploadRequest([{ name: "", bytes: new Uint8Array() }]))).toMatchObject({
      ok: true,
      files: [],
    });
    const plain = new Request("http://localhost/x", { method: "POST", body: new URLSearchParams({ a: "b" }) });
    expect(await readEvidenceUpload(plain)).toEqual({ ok: false, message: "portfolio.errors.uploadUnreadable" });
  });

  // Finding 4: Remix's old multipart reader answered 500 for these ordinary names and for a cut-off body.
  test("file names with = or ; arrive whole; a truncated upload is unreadable, not an error", async () => {
    const read = await readEvidenceUpload(
      uploadRequest([
        { name: "a=b.pdf", bytes: samples.pdf },
        { name: "report=2025;final.pdf", bytes: samples.pdf },
      ]),
    );
    if (!read.ok) throw new Error(read.message);
    expect(read.files.map((f) => f.name)).toEqual(["a=b.pdf", "report=2025;final.pdf"]);

    const whole = new Uint8Array(await uploadRequest([{ name: "合同.pdf", bytes: samples.pdf }]).arrayBuffer());
    const boundary = "----tma" + "x".repeat(10);
    const raw = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="cut.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 and then the connection drops`,
    );
    const truncated = new Request("http://localhost/x", {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: raw,
    });
    expect(await readEvidenceUpload(truncated)).toEqual({ ok: false, message: "portfolio.errors.uploadUnreadable" });
    expect(whole.byteLength).toBeGreaterThan(0);
  });
});
