import { and, eq } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import { imageSize } from "image-size";
import type { DbOrTx } from "#db/client";
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

export type BrandingState = "draft" | "published";

/** What each slot takes: a logo may be a photo (JPEG); seals and signatures must be PNG, for their transparency. */
const ACCEPTED: Record<BrandSlot, readonly BrandImage["type"][]> = {
  logo: ["image/png", "image/jpeg"],
  seal: ["image/png"],
  signature: ["image/png"],
};

/**
 * An uploaded image checked by what it is, not by its name or claimed type: its bytes must be a PNG (or
 * for the logo a JPEG), at most 512 KB and 1600 px a side, so that a small file cannot unpack into a huge
 * bitmap at every render.
 */
export async function checkBrandImage(
  slot: BrandSlot,
  bytes: Uint8Array,
): Promise<{ ok: true; image: BrandImage } | FieldFailure> {
  if (bytes.byteLength > MAX_BRAND_IMAGE_BYTES)
    return fieldFailure(slot, "branding.errors.tooLarge", { max: MAX_BRAND_IMAGE_BYTES / 1024 });
  const detected = await fileTypeFromBuffer(bytes);
  const type = detected?.mime === "image/apng" ? "image/png" : detected?.mime;
  if (!type || !(ACCEPTED[slot] as readonly string[]).includes(type)) {
    return fieldFailure(slot, slot === "logo" ? "branding.errors.logoType" : "branding.errors.pngOnly");
  }
  let size: { width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch {
    return fieldFailure(slot, "branding.errors.unreadable");
  }
  if (!size.width || !size.height) return fieldFailure(slot, "branding.errors.unreadable");
  if (size.width > MAX_BRAND_IMAGE_SIDE || size.height > MAX_BRAND_IMAGE_SIDE) {
    return fieldFailure(slot, "branding.errors.tooManyPixels", { max: MAX_BRAND_IMAGE_SIDE });
  }
  return { ok: true, image: { data: bytes, type: type as BrandImage["type"] } };
}

function imageOf(row: CertificateBrandingRow | undefined, slot: BrandSlot): BrandImage | null {
  const data = row?.[slot];
  const type = row?.[`${slot}Type`];
  return data && type ? { data, type: type as BrandImage["type"] } : null;
}

function brandingOfRow(row: CertificateBrandingRow | undefined): CertificateBranding {
  return {
    logo: imageOf(row, "logo"),
    seal: imageOf(row, "seal"),
    signature: imageOf(row, "signature"),
    signatoryName: row?.signatoryName ?? null,
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
    const next = { ...base, signatoryName: name };
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
      after: { images: Object.keys(checked), removed: input.remove, signatoryName: name },
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
async function certificationBodyId(db: DbOrTx): Promise<string | null> {
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
  return { ...brandingOfRow(center), bodySeal: imageOf(body, "seal") };
}
