import busboy from "busboy";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { UploadedFile } from "~/modules/portfolio/index.server";
import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_PER_CASE } from "~/modules/portfolio";

/** Form fields beside the files: few and short (intent, case id). */
const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 10_000;

export type EvidenceUpload =
  | { ok: true; form: FormData; files: UploadedFile[] }
  | { ok: false; message: "portfolio.errors.fileTooLarge"; values: { file: string } }
  | { ok: false; message: "portfolio.errors.tooManyFiles"; values: { max: number } }
  | { ok: false; message: "portfolio.errors.uploadUnreadable" };

/**
 * Reads a multipart form with evidence files in the field `files`, in memory, with busboy (a well-kept
 * streaming parser: any file name, RFC 7578 and RFC 5987 forms, finding 4). A part over 5 MB stops the
 * reading at once (nothing larger is ever buffered), and so does an eleventh file, so one request holds at
 * most 10 × 5 MB. A body that is not multipart, malformed or cut off is `uploadUnreadable`, never a 500.
 */
export async function readEvidenceUpload(request: Request): Promise<EvidenceUpload> {
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data/i.test(contentType) || !request.body)
    return { ok: false, message: "portfolio.errors.uploadUnreadable" };
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: {
        fileSize: MAX_EVIDENCE_BYTES + 1,
        files: MAX_EVIDENCE_PER_CASE + 1,
        fields: MAX_FIELDS,
        fieldSize: MAX_FIELD_BYTES,
      },
    });
  } catch {
    return { ok: false, message: "portfolio.errors.uploadUnreadable" };
  }
  const form = new FormData();
  const files: UploadedFile[] = [];
  const body = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
  const outcome = await new Promise<EvidenceUpload>((resolve) => {
    let settled = false;
    const finish = (result: EvidenceUpload) => {
      if (settled) return;
      settled = true;
      body.unpipe(parser);
      body.destroy();
      resolve(result);
    };
    let fileCount = 0;
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) return finish({ ok: false, message: "portfolio.errors.uploadUnreadable" });
      form.append(name, value);
    });
    parser.on("file", (name, stream, info) => {
      // A file input left empty still sends a nameless, empty part; files in other fields are not ours.
      if (!info.filename || name !== "files") {
        stream.resume();
        return;
      }
      if (++fileCount > MAX_EVIDENCE_PER_CASE) {
        stream.resume();
        return finish({ ok: false, message: "portfolio.errors.tooManyFiles", values: { max: MAX_EVIDENCE_PER_CASE } });
      }
      const fileName = info.filename;
      const chunks: Buffer[] = [];
      const entry: UploadedFile = { name: fileName, bytes: new Uint8Array() };
      files.push(entry);
      let size = 0;
      const tooLarge = () =>
        finish({ ok: false, message: "portfolio.errors.fileTooLarge", values: { file: fileName } });
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_EVIDENCE_BYTES) return tooLarge();
        chunks.push(chunk);
      });
      stream.on("limit", tooLarge);
      // A body cut off inside a file ends the file's stream with an error.
      stream.on("error", () => finish({ ok: false, message: "portfolio.errors.uploadUnreadable" }));
      stream.on("end", () => {
        entry.bytes = new Uint8Array(Buffer.concat(chunks));
      });
    });
    parser.on("filesLimit", () =>
      finish({ ok: false, message: "portfolio.errors.tooManyFiles", values: { max: MAX_EVIDENCE_PER_CASE } }),
    );
    parser.on("fieldsLimit", () => finish({ ok: false, message: "portfolio.errors.uploadUnreadable" }));
    parser.on("error", () => finish({ ok: false, message: "portfolio.errors.uploadUnreadable" }));
    body.on("error", () => finish({ ok: false, message: "portfolio.errors.uploadUnreadable" }));
    parser.on("close", () => finish({ ok: true, form, files }));
    body.pipe(parser);
  });
  return outcome;
}
