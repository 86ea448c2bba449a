import type { BulkResult } from "./bulk.server";
import { seal, unseal } from "./sealed.server";

/** How long a page of bulk results can still be downloaded without uploading the file again. */
export const BULK_RESULTS_TTL_MS = 30 * 60 * 1000;

interface SealedBulkResults {
  organizationId: string;
  results: BulkResult[];
}

/**
 * The results, sealed into a form field: the download hands them back instead of the server keeping
 * the file or the results, and cannot be used to look up certificates without the check being logged.
 */
export function sealBulkResults(organizationId: string, results: BulkResult[], now = new Date()): string {
  return seal({ organizationId, results } satisfies SealedBulkResults, BULK_RESULTS_TTL_MS, now);
}

/** The results sealed for this employer, or null when expired, altered or sealed for another. */
export function openBulkResults(token: string, organizationId: string, now = new Date()): BulkResult[] | null {
  const opened = unseal<SealedBulkResults>(token, now);
  return opened && opened.organizationId === organizationId ? opened.results : null;
}
