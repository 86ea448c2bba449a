// The jobs area's client-safe face: the retry form's schema.
import { z } from "zod";

/** /manage/jobs: retry one failed job. */
export const retryJobSchema = z.object({
  jobId: z.string({ required_error: "jobs.badId" }).uuid("jobs.badId"),
});
