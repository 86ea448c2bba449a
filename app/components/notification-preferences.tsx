import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { NotificationKind } from "~/modules/notifications";
import { FormMessage } from "./forms";

/** The account page's e-mail switch per kind of notification (the inbox always gets them). */
export function NotificationPreferences({
  email,
  kinds,
  saved,
}: {
  email: Record<NotificationKind, boolean>;
  /** The kinds this person is offered (platform admins' alerts only to them). */
  kinds: NotificationKind[];
  saved: boolean;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  return (
    <section id="notifications" className="card max-w-xl" aria-labelledby="notification-preferences-heading">
      <h2 id="notification-preferences-heading" className="text-lg font-semibold">
        {t("notifications.preferences.title")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("notifications.preferences.hint")}</p>
      <Form method="post" className="mt-4 space-y-3">
        {saved ? <FormMessage tone="success">{t("notifications.preferences.saved")}</FormMessage> : null}
        <fieldset>
          <legend className="sr-only">{t("notifications.preferences.title")}</legend>
          <ul className="grid gap-2 sm:grid-cols-2">
            {kinds.map((kind) => (
              <li key={kind}>
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="email" value={kind} defaultChecked={email[kind]} />
                  {t(`notifications.kinds.${kind}`)}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <button
          type="submit"
          name="intent"
          value="notification-preferences"
          className="btn"
          disabled={navigation.state === "submitting"}
        >
          {t("notifications.preferences.save")}
        </button>
      </Form>
    </section>
  );
}
