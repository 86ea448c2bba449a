import { and, asc, count, eq, inArray, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificateHolderFacts, certificates, holderIdCards, holderPhotos } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { people } from "~/modules/auth/index.server";
import { notify } from "~/modules/notifications/index.server";
import { requirePermission, type SessionUser, traineeCenterOf, traineeIdsOfCenter } from "~/modules/orgs/index.server";
import { type Failure, failure, fieldFailure, type FieldFailure } from "~/utils/failure";
import type { BrandImage } from "./branding";
import { checkImageBytes, holderFieldsOf } from "./branding.server";
import {
  HOLDER_PHOTO_RETURN_REASON_MAX,
  type HolderFields,
  type HolderPrint,
  MAX_HOLDER_PHOTO_BYTES,
  MAX_HOLDER_PHOTO_SIDE,
  MIN_HOLDER_PHOTO_WIDTH,
} from "./holder";
import { maskIdCardNumber, parseIdCardNumber } from "./id-card";
import { forgetStoredPdfsOf } from "./pdf-store.server";

type Actor = Pick<SessionUser, "id" | "memberships">;
type CenterRef = { id: string; regionId: string | null };

/** Where the trainee sees the photo's state and the ID number (linked from /account). */
export const HOLDER_IDENTITY_PATH = "/account/certificate-identity";

/**
 * A holder's photo checked by its bytes with the brand images' checker (JPEG or PNG, 512 KB, 1600 px a side),
 * then as a portrait ID photo: taller than wide, wide enough to print at 25 mm, stored upright. A JPEG whose
 * EXIF asks viewers to rotate it (phone cameras do) would print on its side, as the PDF does not rotate.
 */
export async function checkHolderPhoto(bytes: Uint8Array): Promise<{ ok: true; image: BrandImage } | FieldFailure> {
  const checked = await checkImageBytes("photo", bytes, {
    accepted: ["image/jpeg", "image/png"],
    maxBytes: MAX_HOLDER_PHOTO_BYTES,
    maxSide: MAX_HOLDER_PHOTO_SIDE,
    errors: {
      tooLarge: "holderIdentity.errors.photoTooLarge",
      type: "holderIdentity.errors.photoType",
      unreadable: "holderIdentity.errors.photoUnreadable",
      tooManyPixels: "holderIdentity.errors.photoTooManyPixels",
    },
  });
  if (!checked.ok) return checked;
  if (checked.orientation && checked.orientation !== 1)
    return fieldFailure("photo", "holderIdentity.errors.photoRotated");
  if (checked.height <= checked.width) return fieldFailure("photo", "holderIdentity.errors.photoNotPortrait");
  if (checked.width < MIN_HOLDER_PHOTO_WIDTH)
    return fieldFailure("photo", "holderIdentity.errors.photoTooSmall", { min: MIN_HOLDER_PHOTO_WIDTH });
  return { ok: true, image: checked.image };
}

/** What the trainee's page shows: the switches, the photo in use, the last submission's state, the masked number. */
export async function holderIdentityOf(db: DbOrTx, userId: string) {
  const [fields, photos, [card], centerId] = await Promise.all([
    holderFieldsOf(db),
    db.select().from(holderPhotos).where(eq(holderPhotos.userId, userId)).orderBy(asc(holderPhotos.submittedAt)),
    db.select().from(holderIdCards).where(eq(holderIdCards.userId, userId)),
    traineeCenterOf(db, userId),
  ]);
  const approved = photos.find((p) => p.status === "approved") ?? null;
  // The latest submission not (yet) in use: waiting, or returned with a reason.
  const latest = photos.filter((p) => p.status !== "approved").at(-1) ?? null;
  return {
    fields,
    hasCenter: centerId !== null,
    approved: approved
      ? { id: approved.id, image: { data: approved.image, type: approved.imageType }, decidedAt: approved.decidedAt }
      : null,
    latest: latest
      ? {
          id: latest.id,
          status: latest.status,
          image: { data: latest.image, type: latest.imageType },
          returnReason: latest.returnReason,
          submittedAt: latest.submittedAt,
          decidedAt: latest.decidedAt,
        }
      : null,
    idNumberMasked: card?.masked ?? null,
  };
}

/**
 * A trainee submits a photo: it waits for their center's staff (replacing one that was waiting or returned);
 * an approved photo stays in use meanwhile. Refused while the body does not ask for photos.
 */
export async function submitHolderPhoto(
  db: DbOrTx,
  userId: string,
  bytes: Uint8Array,
  now = new Date(),
): Promise<{ ok: true; photoId: string } | Failure> {
  if (!(await holderFieldsOf(db)).photo) return failure("holderIdentity.errors.photoOff");
  if (!(await traineeCenterOf(db, userId))) return fieldFailure("photo", "holderIdentity.errors.noCenter");
  const checked = await checkHolderPhoto(bytes);
  if (!checked.ok) return checked;
  const { data, type } = checked.image;
  return db.transaction(async (tx) => {
    await tx.delete(holderPhotos).where(and(eq(holderPhotos.userId, userId), eq(holderPhotos.status, "returned")));
    // One waiting photo per person (partial unique index): a second upload replaces it, concurrent ones too.
    const [row] = await tx
      .insert(holderPhotos)
      .values({ userId, image: data, imageType: type, status: "pending", submittedAt: now })
      .onConflictDoUpdate({
        target: holderPhotos.userId,
        targetWhere: sql`${holderPhotos.status} = 'pending'`,
        set: { image: data, imageType: type, submittedAt: now },
      })
      .returning({ id: holderPhotos.id });
    await recordAudit(tx, {
      actorId: userId,
      action: "holder_photo.submit",
      targetType: "user",
      targetId: userId,
      after: { photoId: row!.id, type, bytes: data.byteLength },
    });
    return { ok: true as const, photoId: row!.id };
  });
}

/**
 * A trainee enters their ID-card number: checked whole (format, region, birth date, GB 11643 check
 * character) and kept only masked; the full number is never written anywhere, the audit log included.
 */
export async function recordHolderIdNumber(
  db: DbOrTx,
  userId: string,
  input: string,
  now = new Date(),
): Promise<{ ok: true; masked: string } | Failure> {
  if (!(await holderFieldsOf(db)).idNumber) return failure("holderIdentity.errors.idNumberOff");
  const parsed = parseIdCardNumber(input, now);
  if (!parsed.ok) return fieldFailure("idNumber", `holderIdentity.errors.${parsed.problem}`);
  const masked = maskIdCardNumber(parsed.number);
  await db.transaction(async (tx) => {
    await tx
      .insert(holderIdCards)
      .values({ userId, masked, recordedAt: now })
      .onConflictDoUpdate({ target: holderIdCards.userId, set: { masked, recordedAt: now } });
    await recordAudit(tx, {
      actorId: userId,
      action: "holder_id_card.record",
      targetType: "user",
      targetId: userId,
      after: { masked },
    });
  });
  return { ok: true, masked };
}

/** A trainee takes their masked number off: later certificates no longer carry it. */
export async function removeHolderIdNumber(db: DbOrTx, userId: string) {
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(holderIdCards)
      .where(eq(holderIdCards.userId, userId))
      .returning({ userId: holderIdCards.userId });
    if (removed.length)
      await recordAudit(tx, { actorId: userId, action: "holder_id_card.remove", targetType: "user", targetId: userId });
  });
}

/** Photos waiting for the center's staff, oldest first (at most `limit`), and how many wait in all. */
export async function holderPhotoQueue(db: DbOrTx, actor: Actor, center: CenterRef, limit = 50) {
  requirePermission(actor, "manage:center", { centerId: center.id, regionId: center.regionId });
  const waiting = and(
    eq(holderPhotos.status, "pending"),
    inArray(holderPhotos.userId, traineeIdsOfCenter(db, center.id)),
  );
  const [photos, [total]] = await Promise.all([
    db
      .select({
        id: holderPhotos.id,
        userId: holderPhotos.userId,
        name: people.name,
        image: holderPhotos.image,
        imageType: holderPhotos.imageType,
        submittedAt: holderPhotos.submittedAt,
      })
      .from(holderPhotos)
      .innerJoin(people, eq(people.id, holderPhotos.userId))
      .where(waiting)
      .orderBy(asc(holderPhotos.submittedAt), asc(holderPhotos.id))
      .limit(limit),
    db.select({ n: count() }).from(holderPhotos).where(waiting),
  ]);
  return { photos, total: Number(total?.n ?? 0) };
}

/**
 * Center staff approve a waiting photo of one of their trainees (it replaces the photo in use) or return
 * it with a reason; audited, the trainee notified. Another center's photo is not found; a photo decided
 * meanwhile is refused with a message.
 */
export async function decideHolderPhoto(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  input: { photoId: string; approve: true } | { photoId: string; approve: false; reason: string },
  appUrl: string,
  now = new Date(),
): Promise<{ ok: true; userId: string; name: string } | Failure> {
  requirePermission(actor, "manage:center", { centerId: center.id, regionId: center.regionId });
  const reason = input.approve ? null : input.reason.trim();
  if (!input.approve && (!reason || [...reason].length > HOLDER_PHOTO_RETURN_REASON_MAX))
    return fieldFailure(
      "reason",
      reason ? "holderIdentity.errors.reasonTooLong" : "holderIdentity.errors.reasonRequired",
    );
  return db.transaction(async (tx) => {
    const [photo] = await tx
      .select({ id: holderPhotos.id, userId: holderPhotos.userId, status: holderPhotos.status, name: people.name })
      .from(holderPhotos)
      .innerJoin(people, eq(people.id, holderPhotos.userId))
      .where(and(eq(holderPhotos.id, input.photoId), inArray(holderPhotos.userId, traineeIdsOfCenter(tx, center.id))))
      .for("update", { of: holderPhotos });
    if (!photo) return failure("holderIdentity.errors.photoNotFound");
    if (photo.status !== "pending") return failure("holderIdentity.errors.alreadyDecided");
    if (input.approve)
      await tx
        .delete(holderPhotos)
        .where(
          and(
            eq(holderPhotos.userId, photo.userId),
            eq(holderPhotos.status, "approved"),
            ne(holderPhotos.id, photo.id),
          ),
        );
    await tx
      .update(holderPhotos)
      .set({
        status: input.approve ? "approved" : "returned",
        returnReason: reason,
        decidedAt: now,
        decidedBy: actor.id,
      })
      .where(eq(holderPhotos.id, photo.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: input.approve ? "holder_photo.approve" : "holder_photo.return",
      targetType: "user",
      targetId: photo.userId,
      after: { photoId: photo.id, centerId: center.id, ...(reason ? { reason } : {}) },
    });
    await notify(tx, appUrl, [
      {
        userId: photo.userId,
        kind: input.approve ? "holder_photo_approved" : "holder_photo_returned",
        subject: photo.id,
        params: reason ? { reason } : {},
        link: HOLDER_IDENTITY_PATH,
      },
    ]);
    return { ok: true as const, userId: photo.userId, name: photo.name };
  });
}

/**
 * At issue (inside the issuing transaction): freezes the holder's approved photo and masked number with the
 * new certificate, each only while the body's switch is on and only if there is one. Nothing otherwise.
 */
export async function freezeHolderFacts(tx: DbOrTx, certificateId: string, userId: string) {
  const fields = await holderFieldsOf(tx);
  if (!fields.photo && !fields.idNumber) return;
  const [[photo], [card]] = await Promise.all([
    fields.photo
      ? tx
          .select({ image: holderPhotos.image, imageType: holderPhotos.imageType })
          .from(holderPhotos)
          .where(and(eq(holderPhotos.userId, userId), eq(holderPhotos.status, "approved")))
      : Promise.resolve([]),
    fields.idNumber
      ? tx.select({ masked: holderIdCards.masked }).from(holderIdCards).where(eq(holderIdCards.userId, userId))
      : Promise.resolve([]),
  ]);
  if (!photo && !card) return;
  await tx.insert(certificateHolderFacts).values({
    certificateId,
    photo: photo?.image ?? null,
    photoType: photo?.imageType ?? null,
    idNumberMasked: card?.masked ?? null,
  });
}

/** The frozen facts of these certificates, as printed under the switches `fields`. */
export async function holderPrintsOf(
  db: DbOrTx,
  certificateIds: readonly string[],
  fields: HolderFields,
): Promise<Map<string, HolderPrint>> {
  const prints = new Map<string, HolderPrint>();
  if ((!fields.photo && !fields.idNumber) || !certificateIds.length) return prints;
  const rows = await db
    .select()
    .from(certificateHolderFacts)
    .where(inArray(certificateHolderFacts.certificateId, [...certificateIds]));
  for (const row of rows)
    prints.set(row.certificateId, {
      photo: fields.photo && row.photo && row.photoType ? { data: row.photo, type: row.photoType } : null,
      idNumberMasked: fields.idNumber ? row.idNumberMasked : null,
    });
  return prints;
}

/** For the person's data download: the photos' states (not the bytes), the masked number, what certificates carry. */
export async function holderIdentityDataOf(db: DbOrTx, userId: string) {
  const [photos, [card], frozen] = await Promise.all([
    db
      .select({
        status: holderPhotos.status,
        imageType: holderPhotos.imageType,
        bytes: sql<number>`octet_length(${holderPhotos.image})`.mapWith(Number),
        returnReason: holderPhotos.returnReason,
        submittedAt: holderPhotos.submittedAt,
        decidedAt: holderPhotos.decidedAt,
      })
      .from(holderPhotos)
      .where(eq(holderPhotos.userId, userId))
      .orderBy(asc(holderPhotos.submittedAt)),
    db
      .select({ masked: holderIdCards.masked, recordedAt: holderIdCards.recordedAt })
      .from(holderIdCards)
      .where(eq(holderIdCards.userId, userId)),
    db
      .select({
        serial: certificates.serial,
        photo: sql<boolean>`${certificateHolderFacts.photo} is not null`,
        idNumberMasked: certificateHolderFacts.idNumberMasked,
      })
      .from(certificateHolderFacts)
      .innerJoin(certificates, eq(certificates.id, certificateHolderFacts.certificateId))
      .where(eq(certificates.userId, userId)),
  ]);
  return { photos, idNumber: card ?? null, onCertificates: frozen };
}

/**
 * Erasure (inside the erasure's transaction): the photos, the masked number, and what certificates froze of
 * them. The signed records are untouched (neither was ever in them), so the certificates still verify.
 */
export async function eraseHolderIdentity(tx: DbOrTx, userId: string) {
  // The stored PDFs carry the photo and the masked number too.
  await forgetStoredPdfsOf(tx, userId);
  await tx.delete(holderPhotos).where(eq(holderPhotos.userId, userId));
  await tx.delete(holderIdCards).where(eq(holderIdCards.userId, userId));
  await tx
    .delete(certificateHolderFacts)
    .where(
      inArray(
        certificateHolderFacts.certificateId,
        tx.select({ id: certificates.id }).from(certificates).where(eq(certificates.userId, userId)),
      ),
    );
}
