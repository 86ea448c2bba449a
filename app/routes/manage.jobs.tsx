import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { recordAudit } from "~/modules/audit/index.server";
import { retryJobSchema } from "~/modules/jobs";
import { jobsMode, listFailedJobs, retryFailedJob } from "~/modules/jobs/index.server";
import { requirePermission } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "jobs.title");

// Platform admins only: the failed background jobs of the whole platform.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  return { ...jobsMode(), failed: await listFailedJobs() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "admin:platform");
  const submission = parseWithZod(await request.formData(), { schema: retryJobSchema });
  if (submission.status !== "success") {
    const errors = Object.values(submission.error ?? {}).flat();
    return data({ ok: false as const, message: errors[0] ?? "jobs.badId", name: "" }, { status: 400 });
  }
  const outcome = await retryFailedJob(submission.value.jobId);
  if (!outcome.ok) return data({ ok: false as const, message: outcome.message, name: "" }, { status: 400 });
  await recordAudit(await db(), {
    actorId: user.id,
    action: "job.retry",
    targetType: "job",
    targetId: outcome.job.id,
    before: { name: outcome.job.name, error: outcome.job.error, tries: outcome.job.tries },
  });
  return { ok: true as const, message: "jobs.retried", name: outcome.job.name };
}

export default function JobsPage() {
  const { t } = useTranslation();
  const { mode, working, failed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { language } = useLocale();
  const jobName = (name: string) => t(`jobs.jobNames.${name}`, { defaultValue: name });
  return (
    <div className="space-y-6">
      <PageHeader title={t("jobs.title")} />
      <p className="text-sm text-slate-600">
        {mode === "pg-boss"
          ? t("jobs.modePgBoss")
          : mode === "in-process"
            ? t("jobs.modeInProcess")
            : t("jobs.modeOff")}
        {mode === "pg-boss" && !working ? ` ${t("jobs.modeWebOnly")}` : null}
      </p>
      {actionData ? (
        <FormMessage tone={actionData.ok ? "success" : "error"}>
          {t(actionData.message, { name: jobName(actionData.name) })}
        </FormMessage>
      ) : null}
      <section className="card space-y-3" aria-labelledby="failed-jobs">
        <h2 id="failed-jobs" className="font-semibold">
          {t("jobs.failedTitle")}
        </h2>
        {failed.length === 0 ? (
          <p className="text-slate-600">{t("jobs.empty")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b text-slate-600">
                  <th scope="col" className="py-2 pr-3">
                    {t("jobs.name")}
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    {t("jobs.error")}
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    {t("jobs.tries")}
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    {t("jobs.failedAt")}
                  </th>
                  <th scope="col" className="py-2">
                    <span className="sr-only">{t("jobs.retry")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {failed.map((job) => (
                  <tr key={job.id} className="border-b align-top">
                    <td className="py-2 pr-3">{jobName(job.name)}</td>
                    <td className="break-words py-2 pr-3 font-mono text-xs text-slate-800">{job.error}</td>
                    <td className="py-2 pr-3">{job.tries}</td>
                    <td className="py-2 pr-3">{formatDateTime(job.failedAt, language)}</td>
                    <td className="py-2">
                      <Form method="post">
                        <input type="hidden" name="jobId" value={job.id} />
                        <button
                          type="submit"
                          className="btn-secondary"
                          disabled={navigation.state === "submitting"}
                          aria-label={`${t("jobs.retry")}: ${jobName(job.name)}`}
                        >
                          {t("jobs.retry")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
