import { and, eq, sql } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import { imageSize } from "image-size";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { certificateBrandings, type CertificateBrandingRow } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { organizationsAs } from "~/modules/orgs/index.server";
import { fieldFailure, type FieldFailure } from "~/utils/failure";
import {
  BRAND_SLOTS,
  type BrandImage,
  type BrandSlot,
  type CertificateBranding,
  MAX_BRAND_IMAGE_BYTES,
  MAX_BRAND_IMAGE_SIDE,
  SIGNATORY_NAME_MAX,
} from "./branding";
import { fitBrandingImages } from "./brand-image-fit.server";
import type { HolderFields } from "./holder";

export type BrandingState = "draft" | "published";

/** What each slot takes: a logo may be a photo (JPEG); seals and signatures must be PNG, for their transparency. */
const ACCEPTED: Record<BrandSlot, readonly BrandImage["type"][]> = {
  logo: ["image/png", "image/jpeg"],
  seal: ["image/png"],
  signature: ["image/png"],
};

export interface ImageRules {
  accepted: readonly BrandImage["type"][];
  maxBytes: number;
  maxSide: number;
  /** Catalog keys of the refusals, each naming what to fix. */
  errors: { tooLarge: string; type: string; unreadable: string; tooManyPixels: string };
}

/**
 * An uploaded image checked by what it is, not by its name or claimed type: its bytes must be one of the
 * accepted types, within the size and the pixels a side, so that a small file cannot unpack into a huge
 * bitmap at every render. Shared by the brand images and the holder's photo.
 */
export async function checkImageBytes(
  field: string,
  bytes: Uint8Array,
  rules: ImageRules,
): Promise<{ ok: true; image: BrandImage; width: number; height: number; orientation?: number } | FieldFailure> {
  if (bytes.byteLength > rules.maxBytes)
    return fieldFailure(field, rules.errors.tooLarge, { max: rules.maxBytes / 1024 });
  const detected = await fileTypeFromBuffer(bytes);
  const type = detected?.mime === "image/apng" ? "image/png" : detected?.mime;
  if (!type || !(rules.accepted as readonly string[]).includes(type)) return fieldFailure(field, rules.errors.type);
  let size: { width?: number; height?: number; orientation?: number };
  try {
    size = imageSize(bytes);
  } catch {
    return fieldFailure(field, rules.errors.unreadable);
  }
  if (!size.width || !size.height) return fieldFailure(field, rules.errors.unreadable);
  if (size.width > rules.maxSide || size.height > rules.maxSide) {
    return fieldFailure(field, rules.errors.tooManyPixels, { max: rules.maxSide });
  }
  return {
    ok: true,
    image: { data: bytes, type: type as BrandImage["type"] },
    width: size.width,
    height: size.height,
    orientation: size.orientation,
  };
}

/** A brand image: PNG (or for the logo a JPEG), at most 512 KB and 1600 px a side. */
export async function checkBrandImage(
  slot: BrandSlot,
  bytes: Uint8Array,
): Promise<{ ok: true; image: BrandImage } | FieldFailure> {
  const checked = await checkImageBytes(slot, bytes, {
    accepted: ACCEPTED[slot],
    maxBytes: MAX_BRAND_IMAGE_BYTES,
    maxSide: MAX_BRAND_IMAGE_SIDE,
    errors: {
      tooLarge: "branding.errors.tooLarge",
      type: slot === "logo" ? "branding.errors.logoType" : "branding.errors.pngOnly",
      unreadable: "branding.errors.unreadable",
      tooManyPixels: "branding.errors.tooManyPixels",
    },
  });
  return checked.ok ? { ok: true, image: checked.image } : checked;
}

function imageOf(row: CertificateBrandingRow | undefined, slot: BrandSlot): BrandImage | null {
  const data = row?.[slot];
  const type = row?.[`${slot}Type`];
  return data && type ? { data, type: type as BrandImage["type"] } : null;
}

function brandingOfRow(row: CertificateBrandingRow | undefined): CertificateBranding & { holderFields: HolderFields } {
  return {
    logo: imageOf(row, "logo"),
    seal: imageOf(row, "seal"),
    signature: imageOf(row, "signature"),
    signatoryName: row?.signatoryName ?? null,
    holderFields: { photo: row?.holderPhoto ?? false, idNumber: row?.holderIdNumber ?? false },
  };
}

async function rowOf(db: DbOrTx, organizationId: string, state: BrandingState) {
  const [row] = await db
    .select()
    .from(certificateBrandings)
    .where(and(eq(certificateBrandings.organizationId, organizationId), eq(certificateBrandings.state, state)));
  return row;
}

/** An organization's draft and published branding, with when each was last changed. The caller checks who asks. */
export async function brandingOf(db: DbOrTx, organizationId: string) {
  const [draft, published] = await Promise.all([
    rowOf(db, organizationId, "draft"),
    rowOf(db, organizationId, "published"),
  ]);
  return {
    draft: draft ? { ...brandingOfRow(draft), updatedAt: draft.updatedAt } : null,
    published: published ? { ...brandingOfRow(published), updatedAt: published.updatedAt } : null,
  };
}

/** One image of an organization's branding, for the preview page. */
export async function brandImage(
  db: DbOrTx,
  organizationId: string,
  state: BrandingState,
  slot: BrandSlot,
): Promise<BrandImage | null> {
  return imageOf(await rowOf(db, organizationId, state), slot);
}

export interface BrandingDraftInput {
  images: Partial<Record<BrandSlot, Uint8Array>>;
  /** Slots to empty (an image taken off). */
  remove: BrandSlot[];
  signatoryName: string | null;
  /** The certification body's switches (only the body's page sends them; otherwise they stay as they were). */
  holderFields?: { photo: boolean; idNumber: boolean };
}

/**
 * Changes the draft (starting from the published branding when there is no draft yet). Nothing reaches a
 * certificate until the draft is published. Every image is checked first; one bad image changes nothing.
 */
export async function saveBrandingDraft(
  db: DbOrTx,
  actorId: string,
  organizationId: string,
  input: BrandingDraftInput,
  now = new Date(),
): Promise<{ ok: true } | FieldFailure> {
  const checked: Partial<Record<BrandSlot, BrandImage>> = {};
  for (const slot of BRAND_SLOTS) {
    const bytes = input.images[slot];
    if (!bytes?.byteLength) continue;
    const result = await checkBrandImage(slot, bytes);
    if (!result.ok) return result;
    checked[slot] = result.image;
  }
  const name = input.signatoryName?.trim() || null;
  if (name && [...name].length > SIGNATORY_NAME_MAX)
    return fieldFailure("signatoryName", "branding.errors.nameTooLong", { max: SIGNATORY_NAME_MAX });
  await db.transaction(async (tx) => {
    const base = brandingOfRow(
      (await rowOf(tx, organizationId, "draft")) ?? (await rowOf(tx, organizationId, "published")),
    );
    const next = { ...base, signatoryName: name, holderFields: input.holderFields ?? base.holderFields };
    for (const slot of BRAND_SLOTS) {
      if (input.remove.includes(slot)) next[slot] = null;
      if (checked[slot]) next[slot] = checked[slot];
    }
    const values = {
      logo: next.logo?.data ?? null,
      logoType: next.logo?.type ?? null,
      seal: next.seal?.data ?? null,
      sealType: next.seal?.type ?? null,
      signature: next.signature?.data ?? null,
      signatureType: next.signature?.type ?? null,
      signatoryName: next.signatoryName,
      holderPhoto: next.holderFields?.photo ?? false,
      holderIdNumber: next.holderFields?.idNumber ?? false,
      updatedBy: actorId,
      updatedAt: now,
    };
    await tx
      .insert(certificateBrandings)
      .values({ organizationId, state: "draft", ...values })
      .onConflictDoUpdate({ target: [certificateBrandings.organizationId, certificateBrandings.state], set: values });
    await recordAudit(tx, {
      actorId,
      action: "certificate_branding.draft",
      targetType: "organization",
      targetId: organizationId,
      after: {
        images: Object.keys(checked),
        removed: input.remove,
        signatoryName: name,
        ...(input.holderFields ? { holderFields: input.holderFields } : {}),
      },
    });
  });
  return { ok: true };
}

/** The draft becomes what certificates carry from now on (the draft stays, for the next change). */
export async function publishBranding(
  db: DbOrTx,
  actorId: string,
  organizationId: string,
  now = new Date(),
): Promise<{ ok: true } | FieldFailure> {
  return db.transaction(async (tx) => {
    const draft = await rowOf(tx, organizationId, "draft");
    if (!draft) return fieldFailure("intent", "branding.errors.nothingToPublish");
    const { organizationId: _id, state: _state, ...values } = draft;
    await tx
      .insert(certificateBrandings)
      .values({ ...draft, state: "published", updatedBy: actorId, updatedAt: now })
      .onConflictDoUpdate({
        target: [certificateBrandings.organizationId, certificateBrandings.state],
        set: { ...values, updatedBy: actorId, updatedAt: now },
      });
    await recordAudit(tx, {
      actorId,
      action: "certificate_branding.publish",
      targetType: "organization",
      targetId: organizationId,
    });
    return { ok: true as const };
  });
}

/** The certification body's id (the one organization of that kind), or null before the platform has one. */
export async function certificationBodyId(db: DbOrTx): Promise<string | null> {
  const body = organizationsAs("body");
  const [row] = await db.select({ id: body.id }).from(body).where(eq(body.kind, "certification_body")).limit(1);
  return row?.id ?? null;
}

/**
 * What a PDF carries: the issuing center's published logo, seal and signature, and the certification body's
 * published seal. `state: "draft"` is the preview: the center's draft (the body's seal as published).
 */
export async function pdfBrandingFor(
  db: DbOrTx,
  centerId: string | null,
  state: BrandingState = "published",
): Promise<CertificateBranding> {
  const bodyId = await certificationBodyId(db);
  const [center, body] = await Promise.all([
    centerId ? rowOf(db, centerId, state) : undefined,
    bodyId ? rowOf(db, bodyId, bodyId === centerId ? state : "published") : undefined,
  ]);
  // Drawn at their printed size: a large upload costs every PDF otherwise (brand-image-fit.server.ts).
  return fitBrandingImages({
    ...brandingOfRow(center),
    bodySeal: imageOf(body, "seal"),
    holderFields: brandingOfRow(body).holderFields,
  });
}

/**
 * The certification body's switches as certificates use them (published), or as previewed (draft, falling
 * back to the published row): whether a holder is asked for, and certificates carry, a photo and an ID number.
 */
export async function holderFieldsOf(
  db: DbOrTx,
  state: BrandingState = "published",
): Promise<{ photo: boolean; idNumber: boolean }> {
  if (state === "published") {
    const [row] = await publishedHolderFields(db).execute();
    return { photo: row?.photo ?? false, idNumber: row?.idNumber ?? false };
  }
  const bodyId = await certificationBodyId(db);
  if (!bodyId) return { photo: false, idNumber: false };
  const row = (await rowOf(db, bodyId, "draft")) ?? (await rowOf(db, bodyId, "published"));
  return brandingOfRow(row).holderFields;
}

// Every /account view asks: one prepared read of the two switches, not the whole row with its images.
const publishedHolderFields = preparedFor((db) => {
  const body = organizationsAs("body");
  const bodyId = db.select({ id: body.id }).from(body).where(eq(body.kind, "certification_body")).limit(1);
  return db
    .select({ photo: certificateBrandings.holderPhoto, idNumber: certificateBrandings.holderIdNumber })
    .from(certificateBrandings)
    .where(and(eq(certificateBrandings.organizationId, sql`(${bodyId})`), eq(certificateBrandings.state, "published")))
    .prepare("certification_body_holder_fields");
});
