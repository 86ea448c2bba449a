import { and, asc, eq, inArray, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { memberships, organizations, regions, type OrganizationKind, type Role } from "#db/schema";
import type { Language } from "~/i18n/config";
import { translator } from "~/i18n/i18n.server";
import {
  createPasswordToken,
  type FieldFailure,
  findOrCreateAccountByEmail,
  people,
} from "~/modules/auth/index.server";
import { homePlaces, requirePermission } from "./permissions.server";
import type { SessionUser } from "./session.server";
import { recordAudit } from "~/modules/audit/index.server";
import { enqueueEmail } from "~/modules/mail/index.server";
import { isUniqueViolation, notFound } from "~/utils/errors.server";

type Actor = Pick<SessionUser, "id" | "memberships">;

export async function listRegions(db: DbOrTx) {
  return db.select().from(regions).orderBy(asc(regions.code));
}

/** Training centers by region, for a trainee to choose at sign-up (public names only). */
export async function listTrainingCenters(db: DbOrTx) {
  return db
    .select({
      id: organizations.id,
      nameZh: organizations.nameZh,
      nameEn: organizations.nameEn,
      regionNameZh: regions.nameZh,
      regionNameEn: regions.nameEn,
    })
    .from(organizations)
    .innerJoin(regions, eq(regions.id, organizations.regionId))
    .where(eq(organizations.kind, "training_center"))
    .orderBy(asc(regions.code), asc(organizations.nameZh));
}

export async function getRegion(db: DbOrTx, actor: Actor, regionId: string) {
  requirePermission(actor, "view:region", { regionId });
  const [region] = await db.select().from(regions).where(eq(regions.id, regionId));
  if (!region) throw notFound();
  return region;
}

export async function createRegion(
  db: DbOrTx,
  actor: Actor,
  input: { code: string; nameZh: string; nameEn: string },
): Promise<{ ok: true; id: string } | FieldFailure> {
  requirePermission(actor, "admin:platform");
  try {
    return await db.transaction(async (tx) => {
      const [region] = await tx.insert(regions).values(input).returning();
      if (!region) throw new Error("insert returned no row");
      await recordAudit(tx, {
        actorId: actor.id,
        action: "region.create",
        targetType: "region",
        targetId: region.id,
        after: input,
      });
      return { ok: true as const, id: region.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, field: "code", message: "validation.region.codeTaken" };
    throw error;
  }
}

export async function createOrganization(
  db: DbOrTx,
  actor: Actor,
  input: { kind: Exclude<OrganizationKind, "certification_body">; regionId: string; nameZh: string; nameEn: string },
): Promise<{ ok: true; id: string } | FieldFailure> {
  requirePermission(actor, "admin:platform");
  const [region] = await db.select({ id: regions.id }).from(regions).where(eq(regions.id, input.regionId));
  if (!region) return { ok: false, field: "regionId", message: "validation.region.unknown" };
  return db.transaction(async (tx) => {
    const [org] = await tx.insert(organizations).values(input).returning();
    if (!org) throw new Error("insert returned no row");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "organization.create",
      targetType: "organization",
      targetId: org.id,
      after: input,
    });
    return { ok: true as const, id: org.id };
  });
}

const organizationColumns = {
  id: organizations.id,
  kind: organizations.kind,
  nameZh: organizations.nameZh,
  nameEn: organizations.nameEn,
  regionId: organizations.regionId,
  regionCode: regions.code,
  regionNameZh: regions.nameZh,
  regionNameEn: regions.nameEn,
  createdAt: organizations.createdAt,
};

/** The organizations this person may see: all for platform admins, their region's or their own otherwise. */
export async function listVisibleOrganizations(
  db: DbOrTx,
  actor: Actor,
  filter: { kind?: OrganizationKind; regionId?: string } = {},
) {
  const places = homePlaces(actor);
  const where: SQL[] = [];
  if (filter.kind) where.push(eq(organizations.kind, filter.kind));
  if (filter.regionId) where.push(eq(organizations.regionId, filter.regionId));
  if (!places.platformAdmin) {
    const own = [...places.centerIds, ...places.employerIds];
    const scope: SQL[] = [];
    if (own.length) scope.push(inArray(organizations.id, own));
    if (places.regionIds.length)
      scope.push(and(inArray(organizations.regionId, places.regionIds), eq(organizations.kind, "training_center"))!);
    if (scope.length === 0) return [];
    where.push(or(...scope)!);
  }
  return db
    .select(organizationColumns)
    .from(organizations)
    .leftJoin(regions, eq(regions.id, organizations.regionId))
    .where(and(...where))
    .orderBy(asc(regions.code), asc(organizations.kind), asc(organizations.nameZh));
}

/** One organization, if this person may see it (403 otherwise, 404 if it does not exist). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getOrganization(db: DbOrTx, actor: Actor, organizationId: string) {
  // A mistyped address is a 404, not a database error.
  if (!UUID.test(organizationId)) throw notFound();
  const [org] = await db
    .select(organizationColumns)
    .from(organizations)
    .leftJoin(regions, eq(regions.id, organizations.regionId))
    .where(eq(organizations.id, organizationId));
  if (!org) throw notFound();
  if (org.kind === "employer") requirePermission(actor, "view:employer", { organizationId: org.id });
  else if (org.kind === "training_center")
    requirePermission(actor, "view:center", { centerId: org.id, regionId: org.regionId });
  else requirePermission(actor, "admin:platform");
  return org;
}

export async function listStaff(db: DbOrTx, actor: Actor, organizationId: string) {
  await getOrganization(db, actor, organizationId);
  return db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      role: memberships.role,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, organizationId),
        inArray(memberships.role, ["center_staff", "employer", "content_editor", "content_reviewer"]),
      ),
    )
    .orderBy(asc(people.name));
}

export async function listRegionAdmins(db: DbOrTx, actor: Actor, regionId: string) {
  requirePermission(actor, "view:region", { regionId });
  return db
    .select({ id: people.id, name: people.name, email: people.email })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.userId))
    .where(and(eq(memberships.regionId, regionId), eq(memberships.role, "region_admin")))
    .orderBy(asc(people.name));
}

export type StaffRole = Extract<
  Role,
  "center_staff" | "employer" | "region_admin" | "platform_admin" | "content_editor" | "content_reviewer"
>;

/**
 * Creates (or reuses, for an existing e-mail) a staff account with a role in a scope, and e-mails a
 * link to set the password. One transaction: the person, the role, the link, the mail, the audit entry.
 */
export async function addStaffMember(
  db: DbOrTx,
  actor: Actor,
  input: {
    role: StaffRole;
    organizationId?: string;
    regionId?: string;
    name: string;
    email: string;
    locale: Language;
    appUrl: string;
  },
): Promise<{ ok: true; userId: string } | FieldFailure> {
  requirePermission(actor, "admin:platform");
  const email = input.email.trim().toLowerCase();
  const scope =
    input.role === "region_admin"
      ? { organizationId: null, regionId: input.regionId ?? null }
      : input.role === "platform_admin"
        ? { organizationId: input.organizationId ?? null, regionId: null }
        : { organizationId: input.organizationId ?? null, regionId: null };
  if (input.role === "region_admin" && !scope.regionId)
    return { ok: false, field: "regionId", message: "validation.region.unknown" };
  if (input.role !== "region_admin" && input.role !== "platform_admin" && !scope.organizationId)
    return { ok: false, field: "organizationId", message: "validation.organization.unknown" };

  const t = await translator(input.locale);
  try {
    return await db.transaction(async (tx) => {
      const user = await findOrCreateAccountByEmail(tx, { email, name: input.name, locale: input.locale });
      const isNew = user.isNew;
      await tx.insert(memberships).values({ userId: user.id, role: input.role, ...scope });
      if (isNew || !user.hasPassword) {
        const token = await createPasswordToken(tx, user.id, "set");
        await enqueueEmail(tx, {
          to: email,
          subject: t("email.welcome.subject"),
          text: t("email.welcome.body", {
            name: user.name,
            role: t(`roles.${input.role}`),
            link: `${input.appUrl}/reset-password/${token}`,
          }),
        });
      }
      await recordAudit(tx, {
        actorId: actor.id,
        action: "membership.create",
        targetType: "user",
        targetId: user.id,
        after: { email, name: user.name, role: input.role, ...scope, newAccount: isNew },
      });
      return { ok: true as const, userId: user.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, field: "email", message: "validation.staff.alreadyMember" };
    throw error;
  }
}

/** Which of these people hold the role at the center (all of its members of that role when ids is omitted). */
export async function centerMemberIds(db: DbOrTx, centerId: string, role: "trainee" | "center_staff", ids?: string[]) {
  if (ids && ids.length === 0) return [];
  const rows = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(
      and(
        eq(memberships.organizationId, centerId),
        eq(memberships.role, role),
        ids ? inArray(memberships.userId, ids) : undefined,
      ),
    );
  return rows.map((r) => r.id);
}

/** The center's people of one role with their names, for pickers (instructors, cohort members). */
export async function centerPeople(db: DbOrTx, centerId: string, role: "trainee" | "center_staff") {
  return db
    .select({ id: people.id, name: people.name, email: people.email, phone: people.phone })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.userId))
    .where(and(eq(memberships.organizationId, centerId), eq(memberships.role, role)))
    .orderBy(asc(people.name));
}
