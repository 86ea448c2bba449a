import type { Role } from "#db/schema";
import { forbidden } from "~/utils/errors.server";

/** One of a person's roles with its scope, as the session carries them. */
export interface Membership {
  role: Role;
  organizationId: string | null;
  regionId: string | null;
}

/**
 * The one place that decides who may do what. Every loader and action calls
 * requirePermission (or can) with the scope the action touches.
 */
export type Permission =
  | "admin:platform" // regions, organizations, staff accounts, audit log, outbox
  | "view:center" // a training center's page and its trainees
  | "manage:center" // change a center's cohorts, trainees, exams
  | "view:region" // a partner region's centers and statistics
  | "transfer:trainees" // move trainees between training centers of a region
  | "view:employer" // an employer's own page
  | "study" // take courses and exams as a trainee
  | "author:content" // write drafts of curriculum changes (content editors and reviewers)
  | "review:content" // approve or return another person's change (content reviewers)
  | "publish:content" // publish an approved change (platform admins only)
  | "author:electives"; // add elective courses for the trainees of one's own center or region

export interface Scope {
  centerId?: string;
  /** The region the center or record belongs to (needed for region admins). */
  regionId?: string | null;
  organizationId?: string;
}

type Actor = { memberships: readonly Membership[] };

function has(actor: Actor, test: (m: Membership) => boolean) {
  return actor.memberships.some(test);
}

export function isPlatformAdmin(actor: Actor) {
  return has(actor, (m) => m.role === "platform_admin");
}

export function can(actor: Actor, permission: Permission, scope: Scope = {}): boolean {
  if (isPlatformAdmin(actor)) return true;
  switch (permission) {
    case "admin:platform":
      return false;
    case "view:center":
      return (
        has(actor, (m) => m.role === "center_staff" && !!scope.centerId && m.organizationId === scope.centerId) ||
        has(actor, (m) => m.role === "region_admin" && !!scope.regionId && m.regionId === scope.regionId)
      );
    case "manage:center":
      return has(actor, (m) => m.role === "center_staff" && !!scope.centerId && m.organizationId === scope.centerId);
    case "view:region":
      return has(actor, (m) => m.role === "region_admin" && !!scope.regionId && m.regionId === scope.regionId);
    case "transfer:trainees":
      // The region's admin, between the region's centers; a center cannot take or give away people itself.
      return has(actor, (m) => m.role === "region_admin" && !!scope.regionId && m.regionId === scope.regionId);
    case "view:employer":
      return has(
        actor,
        (m) => m.role === "employer" && !!scope.organizationId && m.organizationId === scope.organizationId,
      );
    case "study":
      return has(actor, (m) => m.role === "trainee");
    case "author:content":
      // A reviewer may revise or retire an item it reached from the statistics; someone else then reviews it.
      return has(actor, (m) => m.role === "content_editor" || m.role === "content_reviewer");
    case "review:content":
      return has(actor, (m) => m.role === "content_reviewer");
    case "publish:content":
      return false;
    case "author:electives":
      return (
        has(actor, (m) => m.role === "center_staff" && !!scope.centerId && m.organizationId === scope.centerId) ||
        has(actor, (m) => m.role === "region_admin" && !!scope.regionId && m.regionId === scope.regionId)
      );
  }
}

/** Throws 403 unless the actor holds the permission for this scope. */
export function requirePermission(actor: Actor, permission: Permission, scope: Scope = {}): void {
  if (!can(actor, permission, scope)) throw forbidden();
}

/**
 * The roles whose mistakes or theft reach many people — the platform (publishing, revoking), a whole region,
 * approving content — must sign in with a second factor when the platform requires it (REQUIRE_TWO_FACTOR).
 */
export function needsSecondFactor(actor: Actor): boolean {
  return has(actor, (m) => m.role === "platform_admin" || m.role === "region_admin" || m.role === "content_reviewer");
}

/** What the navigation offers: the places this person may go. */
export function homePlaces(actor: Actor) {
  const ms = actor.memberships;
  return {
    platformAdmin: isPlatformAdmin(actor),
    trainee: ms.some((m) => m.role === "trainee"),
    centerIds: ms.flatMap((m) => (m.role === "center_staff" && m.organizationId ? [m.organizationId] : [])),
    regionIds: ms.flatMap((m) => (m.role === "region_admin" && m.regionId ? [m.regionId] : [])),
    employerIds: ms.flatMap((m) => (m.role === "employer" && m.organizationId ? [m.organizationId] : [])),
    content: ms.some((m) => m.role === "content_editor" || m.role === "content_reviewer"),
    contentReviewer: ms.some((m) => m.role === "content_reviewer"),
  };
}
