import { chinaDate } from "~/utils/china-time";

/** Where a cohort stands: closed by staff (结班), else by its dates in China — before, during or after. */
export const COHORT_STATUSES = ["planned", "running", "ended", "closed"] as const;
export type CohortStatus = (typeof COHORT_STATUSES)[number];

/**
 * A cohort's status from its dates (ISO days) and whether staff closed it. A cohort starting next year is
 * planned, not running; one past its end but not closed has ended (its members are not trained until closed).
 */
export function cohortStatus(
  cohort: { startsOn: string; endsOn: string; closedAt: Date | string | null },
  now: Date | string = new Date(),
): CohortStatus {
  if (cohort.closedAt) return "closed";
  const today = chinaDate(now);
  if (today < cohort.startsOn) return "planned";
  if (today > cohort.endsOn) return "ended";
  return "running";
}
