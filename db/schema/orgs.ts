import { sql } from "drizzle-orm";
import { boolean, check, index, pgEnum, pgTable, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { users } from "./auth";

export const role = pgEnum("role", [
  "trainee",
  "center_staff",
  "region_admin",
  "platform_admin",
  "employer",
  // The certification body's question writers and reviewers (issue 11), scoped to that organization.
  "content_editor",
  "content_reviewer",
]);
export type Role = (typeof role.enumValues)[number];

export const memberships = pgTable(
  "memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: role("role").notNull(),
    // The scope: a center or employer for staff and employers, a region for region admins.
    organizationId: uuid("organization_id").references(() => organizations.id, {
      onDelete: "cascade",
    }),
    regionId: uuid("region_id").references(() => regions.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("memberships_user_idx").on(t.userId),
    index("memberships_org_idx").on(t.organizationId),
    // One membership per person, role and scope (NULLs made comparable by coalesce).
    uniqueIndex("memberships_unique").on(
      t.userId,
      t.role,
      sql`coalesce(${t.organizationId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      sql`coalesce(${t.regionId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    // Each role carries exactly the scope it needs. Compared as text: PostgreSQL refuses an enum value added
    // in the same migration transaction (ALTER TYPE … ADD VALUE) inside a constraint as an enum literal.
    check(
      "memberships_scope_fits_role",
      sql`(${t.role}::text IN ('center_staff', 'employer', 'content_editor', 'content_reviewer') AND ${t.organizationId} IS NOT NULL AND ${t.regionId} IS NULL)
        OR (${t.role}::text = 'region_admin' AND ${t.regionId} IS NOT NULL AND ${t.organizationId} IS NULL)
        OR (${t.role}::text IN ('platform_admin', 'trainee') AND ${t.regionId} IS NULL)`,
    ),
  ],
);
export type Membership = typeof memberships.$inferSelect;

export const regions = pgTable("regions", {
  id: uuid("id").primaryKey().defaultRandom(),
  // Short upper-case code, printed in certificate serials (TMA-2026-SX-J-00042).
  code: varchar("code", { length: 8 }).notNull().unique(),
  nameZh: varchar("name_zh", { length: 100 }).notNull(),
  nameEn: varchar("name_en", { length: 100 }).notNull(),
  createdAt: createdAt(),
});
export type Region = typeof regions.$inferSelect;
export type NewRegion = typeof regions.$inferInsert;

export const organizationKind = pgEnum("organization_kind", ["training_center", "employer", "certification_body"]);
export type OrganizationKind = (typeof organizationKind.enumValues)[number];

export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: organizationKind("kind").notNull(),
    regionId: uuid("region_id").references(() => regions.id, { onDelete: "restrict" }),
    nameZh: varchar("name_zh", { length: 200 }).notNull(),
    nameEn: varchar("name_en", { length: 200 }).notNull(),
    // A center's grading options (docs/grading.md): graders see a candidate number instead of the name until
    // they save the grade; answers that decide pass or fail are marked by a second (and maybe third) grader.
    anonymousMarking: boolean("anonymous_marking").notNull().default(false),
    secondMarking: boolean("second_marking").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    // A region admin's view lists its region's centers: filter by region and kind.
    index("organizations_region_kind_idx").on(t.regionId, t.kind),
    // Centers and employers sit in a region; only the certification body may stand above them.
    check("organizations_region_required", sql`${t.kind} = 'certification_body' OR ${t.regionId} IS NOT NULL`),
  ],
);
export type Organization = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;
