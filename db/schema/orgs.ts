import { sql } from "drizzle-orm";
import { check, index, pgEnum, pgTable, uuid, varchar } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

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

export const organizationKind = pgEnum("organization_kind", [
  "training_center",
  "employer",
  "certification_body",
]);
export type OrganizationKind = (typeof organizationKind.enumValues)[number];

export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: organizationKind("kind").notNull(),
    regionId: uuid("region_id").references(() => regions.id, { onDelete: "restrict" }),
    nameZh: varchar("name_zh", { length: 200 }).notNull(),
    nameEn: varchar("name_en", { length: 200 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // A region admin's view lists its region's centers: filter by region and kind.
    index("organizations_region_kind_idx").on(t.regionId, t.kind),
    // Centers and employers sit in a region; only the certification body may stand above them.
    check(
      "organizations_region_required",
      sql`${t.kind} = 'certification_body' OR ${t.regionId} IS NOT NULL`,
    ),
  ],
);
export type Organization = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;
