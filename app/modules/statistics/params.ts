import { z } from "zod";

/**
 * The dashboards' filters come from the query string (shareable URLs). Anything unknown or malformed is
 * dropped rather than refused: a hand-edited link still opens the page.
 */
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional().catch(undefined));

const slug = z.string().regex(/^[a-z0-9-]{1,32}$/);
const uuid = z.string().uuid();

export const traineeFiltersSchema = z.object({
  level: optional(slug),
  cohort: optional(uuid),
  exam: optional(z.enum(["not_taken", "in_progress", "pending", "passed", "failed"])),
  cert: optional(z.enum(["none", "valid", "expired", "revoked", "superseded"])),
  q: optional(z.string().trim().min(1).max(50)),
  sort: z.enum(["name", "progress", "hours", "score"]).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type TraineeFilters = z.infer<typeof traineeFiltersSchema>;

export const regionFiltersSchema = z.object({ level: optional(slug) });
export type RegionFilters = z.infer<typeof regionFiltersSchema>;

export const platformFiltersSchema = z.object({
  level: optional(slug),
  region: optional(uuid),
  center: optional(uuid),
});
export type PlatformFilters = z.infer<typeof platformFiltersSchema>;

/** The query string as a plain object (first value of each key). */
export function searchObject(url: URL | string): Record<string, string> {
  const params = (typeof url === "string" ? new URL(url) : url).searchParams;
  const out: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in out)) out[key] = value;
  return out;
}

export const parseTraineeFilters = (url: URL | string) => traineeFiltersSchema.parse(searchObject(url));
export const parseRegionFilters = (url: URL | string) => regionFiltersSchema.parse(searchObject(url));
export const parsePlatformFilters = (url: URL | string) => platformFiltersSchema.parse(searchObject(url));
