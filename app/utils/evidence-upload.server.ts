import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import type { UploadedFile } from "~/modules/portfolio/index.server";
import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_PER_CASE } from "~/modules/portfolio";

class TooManyFilesError extends Error {}

export type EvidenceUpload =
  | { ok: true; form: FormData; files: UploadedFile[] }
  | { ok: false; error: "portfolio.errors.fileTooLarge"; file: string }
  | { ok: false; error: "portfolio.errors.tooManyFiles"; max: number }
  | { ok: false; error: "portfolio.errors.uploadUnreadable" };

async function drain(data: AsyncIterable<Uint8Array>) {
  for await (const chunk of data) void chunk;
}

/**
 * Reads a multipart form with evidence files in the field `files`, in memory. A part over 5 MB stops
 * the reading at once (nothing larger is ever buffered), and so does an eleventh file, so one request
 * holds at most 10 × 5 MB.
 */
export async function readEvidenceUpload(request: Request): Promise<EvidenceUpload> {
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: MAX_EVIDENCE_BYTES });
  let fileCount = 0;
  let current = "";
  const handler: UploadHandler = async (part) => {
    if (part.filename !== undefined) {
      // A file input left empty still sends a nameless, empty part; files in other fields are not ours.
      if (part.filename === "" || part.name !== "files") {
        await drain(part.data);
        return undefined;
      }
      if (++fileCount > MAX_EVIDENCE_PER_CASE) throw new TooManyFilesError();
    }
    current = part.filename ?? part.name;
    return memory(part);
  };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: "portfolio.errors.fileTooLarge", file: current };
    if (error instanceof TooManyFilesError) return { ok: false, error: "portfolio.errors.tooManyFiles", max: MAX_EVIDENCE_PER_CASE };
    if (error instanceof TypeError) return { ok: false, error: "portfolio.errors.uploadUnreadable" };
    throw error;
  }
  const files: UploadedFile[] = [];
  for (const value of form.getAll("files"))
    if (typeof value !== "string") files.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  return { ok: true, form, files };
}
