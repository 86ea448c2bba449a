import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { parseVerificationQuery, queryText } from "~/modules/verification/index.server";
import { useRootData } from "~/hooks/use-root-data";
import { titleMeta } from "~/utils/meta";
import { VerificationQueryField } from "~/components/verification-query";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "verification.title");

/** The look-up form; a submitted code or serial goes to its own page (no account needed). */
export async function loader({ request }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams.get("q");
  if (q === null) return { q: "", error: null };
  const query = parseVerificationQuery(q);
  if (!query)
    return data(
      { q: q.slice(0, 100), error: q.trim() ? "verification.queryMalformed" : "verification.queryRequired" },
      { status: 400 },
    );
  throw redirect(`/verify/${encodeURIComponent(queryText(query))}`);
}

export default function VerifyLookupPage() {
  const { t } = useTranslation();
  const { q, error } = useLoaderData<typeof loader>();
  const employerIds = useRootData()?.user?.places.employerIds ?? [];
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <PageHeader title={t("verification.title")} />
      <Form method="get" className="card space-y-4">
        <p className="text-slate-700">{t("verification.intro")}</p>
        <VerificationQueryField defaultValue={q} error={error} hint />
        <button type="submit" className="btn w-full sm:w-auto">
          {t("verification.submit")}
        </button>
      </Form>
      {employerIds.length ? (
        <nav aria-labelledby="employer-tools" className="card">
          <h2 id="employer-tools" className="font-semibold">
            {t("verification.employerTools")}
          </h2>
          <ul className="mt-2 flex flex-wrap gap-4 text-sm">
            {employerIds.map((id) => (
              <li key={id} className="flex gap-4">
                <Link className="link" to={`/manage/organizations/${id}/verify-bulk`}>
                  {t("verification.bulkLink")}
                </Link>
                <Link className="link" to={`/manage/organizations/${id}/api-keys`}>
                  {t("verification.apiKeysLink")}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
