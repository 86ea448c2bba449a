import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useRootData } from "~/hooks/use-root-data";

/** The header's inbox link with the unread count (from the root loader). */
export function NotificationsLink() {
  const { t } = useTranslation();
  const unread = useRootData()?.user?.unread ?? 0;
  return (
    <Link
      to="/notifications"
      className="link ml-auto mr-2 flex items-center gap-1 px-2 text-sm md:ml-0"
      prefetch="intent"
    >
      {t("notifications.navLabel")}
      {unread ? (
        <span className="rounded-full bg-brand-700 px-1.5 text-xs font-semibold text-white">
          {unread}
          <span className="sr-only"> {t("notifications.unread", { count: unread })}</span>
        </span>
      ) : null}
    </Link>
  );
}
