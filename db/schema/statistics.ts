import { index, integer, pgTable, timestamp, uuid, varchar } from "drizzle-orm/pg-core";

/**
 * The platform statistics, pre-aggregated: people trained, certified, and their exam outcomes per level,
 * center and year. Derived data only — rebuilt whole from cohorts, certificates and attempts by
 * app/modules/statistics/summary.server.ts — so that the national page reads a few hundred rows instead of
 * aggregating every attempt ever graded (docs/statistics.md).
 */
export const statisticsFacts = pgTable(
  "statistics_facts",
  {
    levelSlug: varchar("level_slug", { length: 32 }).notNull(),
    // Null when a certificate names no center (issued by the certification body itself).
    regionId: uuid("region_id"),
    centerId: uuid("center_id"),
    year: integer("year").notNull(),
    trained: integer("trained").notNull().default(0),
    certified: integer("certified").notNull().default(0),
    sat: integer("sat").notNull().default(0),
    passed: integer("passed").notNull().default(0),
  },
  (t) => [
    // Region admins and center staff read their own slice.
    index("statistics_facts_region_idx").on(t.regionId),
    index("statistics_facts_center_idx").on(t.centerId),
  ],
);

/** When the facts were last rebuilt (one row per summary), so pages can say how fresh they are. */
export const statisticsSnapshots = pgTable("statistics_snapshots", {
  key: varchar("key", { length: 32 }).primaryKey(),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull(),
  durationMs: integer("duration_ms").notNull(),
});
