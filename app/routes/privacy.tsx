import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { PrivacyNoticeText } from "~/components/privacy-notice";
import { currentNotice } from "~/modules/privacy";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "privacy.title");

// Public: anyone may read the notice before signing up.
export function loader() {
  return { notice: currentNotice() };
}

export default function PrivacyPage() {
  const { t } = useTranslation();
  const { notice } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title={t("privacy.title")} />
      <div className="card">
        <PrivacyNoticeText notice={notice} />
      </div>
    </div>
  );
}
