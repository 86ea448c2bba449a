import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormMessage, PageHeader } from "~/components/forms";
import { cohortZipStatus, startCohortZip } from "~/modules/certificates/index.server";
import { requireCenter } from "~/utils/center.server";
import { notFound } from "~/utils/errors.server";
import { titleMeta } from "~/utils/meta";

/** Seconds between refreshes while the job renders: a glance at the bar, no script needed. */
const REFRESH_SECONDS = 3;

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  ...titleMeta(matches, "certificates.cohortZipPage.title"),
  ...(data?.run?.state === "running" ? [{ httpEquiv: "refresh", content: String(REFRESH_SECONDS) }] : []),
];

async function zipScope(request: Request, params: { orgId?: string; cohortId?: string }) {
  const scope = await requireCenter(request, params.orgId);
  const cohortId = z.string().uuid().safeParse(params.cohortId);
  if (!cohortId.success) throw notFound();
  return { ...scope, cohortId: cohortId.data };
}

/** The cohort's ZIP: ready to download, or being prepared by the certificate-pdfs job (with its progress). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center, cohortId } = await zipScope(request, params);
  const status = await cohortZipStatus(database, user, center, cohortId);
  return {
    centerId: center.id,
    ...status,
    run: status.run && {
      state: status.run.state,
      done: status.run.done,
      total: status.run.total,
    },
  };
}

const prepareSchema = z.object({ intent: z.literal("prepare") });

/** Prepare the ZIP: queues the job, or finds the one already running (a second click starts nothing new). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center, cohortId } = await zipScope(request, params);
  const submission = parseWithZod(await request.formData(), { schema: prepareSchema });
  if (submission.status !== "success") throw notFound();
  await startCohortZip(database, user, center, cohortId);
  // Post/redirect/get: the refreshing page must not resubmit.
  throw redirect(`/manage/organizations/${center.id}/cohorts/${cohortId}/certificates`);
}

export default function CohortCertificatesZip() {
  const { centerId, cohort, total, stored, run, ready } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const cohortPath = `/manage/organizations/${centerId}/cohorts/${cohort.id}`;
  const running = run?.state === "running";
  return (
    <div className="space-y-4">
      <PageHeader title={`${t("certificates.cohortZipPage.title")} · ${cohort.name}`}>
        <Link to={cohortPath} className="text-sm underline">
          {t("certificates.cohortZipPage.back")}
        </Link>
      </PageHeader>
      <section className="card space-y-3">
        {total === 0 ? (
          <p className="text-sm text-slate-600">{t("certificates.cohortZipEmpty")}</p>
        ) : (
          <>
            <p className="text-sm text-slate-600">{t("certificates.cohortZipPage.summary", { total, stored })}</p>
            {running ? (
              <div role="status" className="space-y-2">
                <p className="font-semibold">
                  {t("certificates.cohortZipPage.progress", { done: run.done, total: run.total })}
                </p>
                <progress className="w-full" value={run.done} max={Math.max(run.total, 1)} />
                <p className="text-sm text-slate-600">{t("certificates.cohortZipPage.running")}</p>
              </div>
            ) : null}
            {run?.state === "failed" ? (
              <FormMessage tone="error">{t("certificates.cohortZipPage.failed")}</FormMessage>
            ) : null}
            {ready ? (
              <>
                <p role="status">{t("certificates.cohortZipPage.ready")}</p>
                <a className="btn" href={`${cohortPath}/certificates.zip`} download>
                  {t("certificates.cohortZipPage.download", { total })}
                </a>
              </>
            ) : running ? null : (
              <Form method="post" className="space-y-2">
                <p className="text-sm text-slate-600">{t("certificates.cohortZipPage.prepareHint")}</p>
                <input type="hidden" name="intent" value="prepare" />
                <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
                  {run?.state === "failed"
                    ? t("certificates.cohortZipPage.retry")
                    : t("certificates.cohortZipPage.prepare")}
                </button>
              </Form>
            )}
          </>
        )}
      </section>
    </div>
  );
}
