import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { memberships } from "#db/schema";
import { type SessionAccount, validateSessionToken, type ValidAccountSession } from "~/modules/auth/index.server";
import type { Membership } from "./permissions.server";

/** The signed-in person as routes see them: auth's account with orgs' roles. */
export interface SessionUser extends SessionAccount {
  memberships: Membership[];
}

export interface ValidSession extends Omit<ValidAccountSession, "user"> {
  user: SessionUser;
}

// Runs on every signed-in request after auth's session lookup (a second round trip since the roles
// moved out of auth's query), so it is prepared once per database handle like that one.
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

/** Validates a session token (auth) and adds the person's roles (orgs): null when it is not valid. */
export async function validateSession(db: DbOrTx, token: string, now = new Date()): Promise<ValidSession | null> {
  const session = await validateSessionToken(db, token, now);
  if (!session) return null;
  return { ...session, user: { ...session.user, memberships: await membershipsOf(db, session.user.id) } };
}
