import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { MAX_LESSON_IMAGE_BYTES } from "~/modules/content/index.server";
import { failure, type Failure } from "./failure";

async function drain(data: AsyncIterable<Uint8Array>) {
  for await (const chunk of data) void chunk;
}

/**
 * Reads one picture from the multipart field `image`, in memory. A part over the limit stops the reading
 * at once, so nothing larger is ever buffered.
 */
export async function readLessonImageUpload(request: Request): Promise<{ ok: true; bytes: Uint8Array } | Failure> {
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: MAX_LESSON_IMAGE_BYTES });
  const handler: UploadHandler = async (part) => {
    if (part.name !== "image" || !part.filename) {
      await drain(part.data);
      return undefined;
    }
    return memory(part);
  };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return failure("contentEditor.images.tooLarge", { max: MAX_LESSON_IMAGE_BYTES / 1024 / 1024 });
    if (error instanceof TypeError) return failure("contentEditor.images.unreadable");
    throw error;
  }
  const file = form.get("image");
  if (!file || typeof file === "string") return failure("contentEditor.images.empty");
  return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()) };
}
