import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import type { DbOrTx } from "#db/client";
import { contentImages } from "#db/schema";
import { failure, type Failure } from "~/utils/failure";

/** Pictures a lesson may show. No SVG: it can carry scripts, and the sanitizer never sees inside an image. */
export const LESSON_IMAGE_TYPES = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
} as const;
export const MAX_LESSON_IMAGE_BYTES = 2 * 1024 * 1024;
export const LESSON_IMAGE_PATH = "/content-images/";

// file-type names an animated PNG and JPEG-LS finer than we need.
const SAME_AS: Partial<Record<string, keyof typeof LESSON_IMAGE_TYPES>> = { "image/apng": "image/png", "image/jls": "image/jpeg" };

export interface StoredImage {
  ok: true;
  sha256: string;
  /** Where the picture is served, to put in the Markdown: ![描述](/content-images/<sha256>.png). */
  url: string;
  mediaType: string;
}

/**
 * Keeps an uploaded lesson picture. Its type is judged from its bytes (magic numbers), never from its name
 * or the type the browser claims; the same picture uploaded twice is kept once.
 */
export async function storeLessonImage(db: DbOrTx, uploadedBy: string, bytes: Uint8Array): Promise<StoredImage | Failure> {
  if (bytes.byteLength === 0) return failure("contentEditor.images.empty");
  if (bytes.byteLength > MAX_LESSON_IMAGE_BYTES) return failure("contentEditor.images.tooLarge", { max: MAX_LESSON_IMAGE_BYTES / 1024 / 1024 });
  const detected = await fileTypeFromBuffer(bytes);
  const mime = detected ? (SAME_AS[detected.mime] ?? detected.mime) : null;
  if (!mime || !(mime in LESSON_IMAGE_TYPES)) return failure("contentEditor.images.wrongType");
  const mediaType = mime as keyof typeof LESSON_IMAGE_TYPES;
  const extension = LESSON_IMAGE_TYPES[mediaType];
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  await db
    .insert(contentImages)
    .values({ sha256, mediaType, extension, bytes: bytes.byteLength, data: bytes, uploadedBy })
    .onConflictDoNothing();
  return { ok: true, sha256, url: `${LESSON_IMAGE_PATH}${sha256}.${extension}`, mediaType };
}

/** A stored picture by the name in its URL ("<sha256>.<ext>"), or null. */
export async function readLessonImage(db: DbOrTx, name: string) {
  const match = /^([0-9a-f]{64})\.([a-z]{3,4})$/.exec(name);
  if (!match) return null;
  const [row] = await db
    .select({ mediaType: contentImages.mediaType, extension: contentImages.extension, data: contentImages.data })
    .from(contentImages)
    .where(eq(contentImages.sha256, match[1]!));
  return row && row.extension === match[2] ? row : null;
}
