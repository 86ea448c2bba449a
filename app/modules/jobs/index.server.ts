// The jobs area's face (layer 0, below every other area: any area may ask for a job run through enqueueJob).
// The queue (pg-boss on PostgreSQL, timers on the embedded database) and its failed jobs; which jobs exist and what
// they do is app/utils/jobs.server.ts. docs/decisions/015-job-queue.md.
export {
  createJobRunner,
  enqueueJob,
  type EnqueueOptions,
  type FailedJob,
  type JobDefinition,
  type JobRunner,
  jobsMode,
  type JobsMode,
  listFailedJobs,
  PGBOSS_SCHEMA,
  retryFailedJob,
  type RetryOutcome,
  startJobs,
  type StartJobsOptions,
  stopJobs,
} from "./queue.server";
