import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { memberships } from "#db/schema";
import { type SessionAccount, sessionValidatorWith, type ValidAccountSession } from "~/modules/auth/index.server";
import type { Membership } from "./permissions.server";

/** The signed-in person as routes see them: auth's account with orgs' roles. */
export interface SessionUser extends SessionAccount {
  memberships: Membership[];
}

export interface ValidSession extends Omit<ValidAccountSession, "user"> {
  user: SessionUser;
}

const rolesLookup = preparedFor((db) =>
  db
    .select({ role: memberships.role, organizationId: memberships.organizationId, regionId: memberships.regionId })
    .from(memberships)
    .where(eq(memberships.userId, sql.placeholder("userId")))
    .prepare("session_roles"),
);

/** A person's roles with their scopes. */
export async function membershipsOf(db: DbOrTx, userId: string): Promise<Membership[]> {
  return rolesLookup(db).execute({ userId });
}

// Every signed-in request runs this, so the roles ride along in auth's session lookup (one round trip) as a
// correlated subquery on the session's user id. Sent as JSON text and parsed here, so both drivers (postgres-js,
// PGlite) decode it the same way whatever their JSON type parsers do; the keys are Membership's.
const validateWithRoles = sessionValidatorWith({
  name: "session_lookup_roles",
  select: (userId) =>
    sql`(select coalesce(json_agg(json_build_object('role', ${memberships.role}, 'organizationId', ${memberships.organizationId}, 'regionId', ${memberships.regionId})), '[]'::json)::text from ${memberships} where ${memberships.userId} = ${userId})`.mapWith(
      (json: string): Membership[] => JSON.parse(json) as Membership[],
    ),
});

/** Validates a session token (auth) and adds the person's roles (orgs): null when it is not valid. */
export async function validateSession(db: DbOrTx, token: string, now = new Date()): Promise<ValidSession | null> {
  const session = await validateWithRoles(db, token, now);
  if (!session) return null;
  const { extra: roles, ...rest } = session;
  return { ...rest, user: { ...rest.user, memberships: roles } };
}
