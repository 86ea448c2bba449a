import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { MAX_HOLDER_PHOTO_BYTES } from "~/modules/certificates";
import { fieldFailure, type FieldFailure } from "~/utils/failure";

/**
 * The trainee's certificate-identity form: multipart with the photo, or a plain form (the ID number). A
 * photo larger than the limit stops the reading at once (nothing larger is buffered); what the file is, is
 * judged later from its bytes (checkHolderPhoto).
 */
export async function readHolderPhotoUpload(
  request: Request,
): Promise<{ ok: true; form: FormData; photo: Uint8Array | null } | FieldFailure> {
  if (!/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? ""))
    return { ok: true, form: await request.formData(), photo: null };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({
        maxPartSize: MAX_HOLDER_PHOTO_BYTES,
        filter: ({ name, filename }) => !filename || name === "photo",
      }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return fieldFailure("photo", "holderIdentity.errors.photoTooLarge");
    return fieldFailure("photo", "branding.errors.uploadUnreadable");
  }
  const file = form.get("photo");
  form.delete("photo");
  const photo = file && typeof file !== "string" && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
  return { ok: true, form, photo };
}
