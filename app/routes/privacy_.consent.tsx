import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { ConsentCheckbox, PrivacyNoticeText } from "~/components/privacy-notice";
import { consentSchema, currentNotice } from "~/modules/privacy";
import { hasCurrentConsent, recordConsent } from "~/modules/privacy/index.server";
import { requireFullSession } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";
import { safeRedirect } from "~/utils/safe-redirect";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "privacy.askTitle");

// Where requireUser sends a signed-in person who has not agreed to the current notice; someone who has goes on.
export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireFullSession(request);
  const back = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await hasCurrentConsent(await db(), session.user.id)) throw redirect(back);
  return { notice: currentNotice() };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireFullSession(request);
  const form = await request.formData();
  const submission = parseWithZod(form, { schema: consentSchema });
  if (submission.status !== "success") return data({ errors: submission.error?.consent ?? null }, { status: 400 });
  await recordConsent(await db(), session.user.id, "prompt");
  return redirect(safeRedirect(form.get("redirectTo")));
}

export default function PrivacyConsentPage() {
  const { t } = useTranslation();
  const { notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title={t("privacy.askTitle")} />
      <p>{t("privacy.askIntro")}</p>
      <div className="card">
        <PrivacyNoticeText notice={notice} />
      </div>
      <Form method="post" className="card space-y-4">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <ConsentCheckbox id="consent" version={notice.version} errors={actionData?.errors} />
        <button type="submit" className="btn">
          {t("privacy.agree")}
        </button>
      </Form>
      <Form method="post" action="/logout">
        <button type="submit" className="link">
          {t("privacy.signOut")}
        </button>
      </Form>
    </div>
  );
}
