import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { BRAND_SLOTS, type BrandSlot, MAX_BRAND_IMAGE_BYTES } from "~/modules/certificates";
import { can, getOrganization } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/errors.server";
import { fieldFailure, type FieldFailure } from "~/utils/failure";

/**
 * The organization a certificate-branding route is about, and who asks: a training center's own staff, or
 * a platform admin (for any center, and for the certification body, whose seal only the platform sets).
 */
export async function requireBrandingOrganization(request: Request, orgId: string | undefined) {
  const user = await requireUser(request);
  const database = await db();
  const organization = await getOrganization(database, user, orgId ?? "");
  if (organization.kind === "employer") throw notFound();
  const allowed =
    organization.kind === "training_center"
      ? can(user, "manage:center", { centerId: organization.id, regionId: organization.regionId })
      : can(user, "admin:platform");
  if (!allowed) throw forbidden();
  return {
    user,
    database,
    organization: {
      id: organization.id,
      kind: organization.kind,
      nameZh: organization.nameZh,
      nameEn: organization.nameEn,
    },
  };
}

export type BrandingUpload =
  { ok: true; form: FormData; images: Partial<Record<BrandSlot, Uint8Array>> } | FieldFailure;

/**
 * A branding form: multipart with the image files, or a plain form (publishing). A file part larger than
 * the limit stops the reading at once (nothing larger is buffered) and is refused for its field; what the
 * files are is judged later, from their bytes (checkBrandImage).
 */
export async function readBrandingUpload(request: Request): Promise<BrandingUpload> {
  if (!/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? ""))
    return { ok: true, form: await request.formData(), images: {} };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({
        maxPartSize: MAX_BRAND_IMAGE_BYTES,
        // Text fields pass (intent, name); files only in the image slots.
        filter: ({ name, filename }) => !filename || (BRAND_SLOTS as readonly string[]).includes(name),
      }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return fieldFailure(error.field, "branding.errors.tooLarge", { max: MAX_BRAND_IMAGE_BYTES / 1024 });
    return fieldFailure("intent", "branding.errors.uploadUnreadable");
  }
  const images: Partial<Record<BrandSlot, Uint8Array>> = {};
  for (const slot of BRAND_SLOTS) {
    const file = form.get(slot);
    form.delete(slot);
    if (file && typeof file !== "string" && file.size > 0) images[slot] = new Uint8Array(await file.arrayBuffer());
  }
  return { ok: true, form, images };
}
