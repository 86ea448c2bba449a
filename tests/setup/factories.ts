import { eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { memberships, organizations, regions, users, type OrganizationKind, type Role } from "#db/schema";
import { createSession, hashPassword } from "~/modules/auth/index.server";
import { type SessionUser, validateSession } from "~/modules/orgs/index.server";
import { recordConsent } from "~/modules/privacy/index.server";

let seq = 0;
const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

function randomLetters(n: number) {
  return Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => String.fromCharCode(65 + (b % 26))).join("");
}

export async function makeRegion(db: DbOrTx, code?: string) {
  const c = code ?? randomLetters(6);
  const [region] = await db
    .insert(regions)
    .values({ code: c, nameZh: `区域${c}`, nameEn: `Region ${c}` })
    .returning();
  return region!;
}

export async function makeOrganization(
  db: DbOrTx,
  regionId: string | null,
  kind: OrganizationKind = "training_center",
) {
  const n = next();
  const [org] = await db
    .insert(organizations)
    .values({ kind, regionId, nameZh: `机构${n}`, nameEn: `Org ${n}` })
    .returning();
  return org!;
}

export const TEST_PASSWORD = "correct horse battery";
let cachedHash: string | undefined;

export async function makeUser(
  db: DbOrTx,
  options: {
    role?: Role;
    organizationId?: string;
    regionId?: string;
    email?: string;
    phone?: string;
    /** false: an account that has not agreed to the privacy notice yet. */
    consent?: boolean;
  } = {},
) {
  cachedHash ??= await hashPassword(TEST_PASSWORD);
  const n = next();
  const [user] = await db
    .insert(users)
    .values({
      email: options.email ?? (options.phone ? null : `user-${n}@example.cn`),
      phone: options.phone ?? null,
      name: `测试${n}`,
      passwordHash: cachedHash,
    })
    .returning();
  // As if they had signed up: agreed to the current privacy notice, so requireUser lets them through.
  if (options.consent !== false) await recordConsent(db, user!.id, "signup");
  if (options.role)
    await db.insert(memberships).values({
      userId: user!.id,
      role: options.role,
      organizationId: options.organizationId ?? null,
      regionId: options.regionId ?? null,
    });
  return user!;
}

/** The user as the app sees them after sign-in (with roles), via a real session. */
export async function actorFor(db: DbOrTx, userId: string): Promise<SessionUser> {
  const { token } = await createSession(db, userId);
  const valid = await validateSession(db, token);
  if (!valid) throw new Error("session did not validate");
  return valid.user;
}

export async function userById(db: DbOrTx, id: string) {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  return u;
}
