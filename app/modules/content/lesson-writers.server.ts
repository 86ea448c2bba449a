import { can, type Membership } from "~/modules/orgs/index.server";
import { forbidden } from "~/utils/errors.server";

/**
 * Who writes lesson text and pictures: the curriculum's editors and reviewers (and platform admins), and the
 * staff of a center or the admins of a region, who write their own electives.
 */
export function mayWriteLessons(actor: { memberships: readonly Membership[] }): boolean {
  return (
    can(actor, "author:content") ||
    can(actor, "review:content") ||
    actor.memberships.some((m) => m.role === "center_staff" || m.role === "region_admin")
  );
}

export function requireLessonWriter(actor: { memberships: readonly Membership[] }): void {
  if (!mayWriteLessons(actor)) throw forbidden();
}
