import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormMessage, LevelOptions } from "~/components/forms";

/** 考试便利: extra minutes and extra attempts for the trainee in a level. `message` is a catalog key. */
export function AccommodationForm({
  levels,
  message,
}: {
  levels: { slug: string; nameZh: string; nameEn: string }[];
  message: string | null | undefined;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  return (
    <section className="card max-w-xl" aria-labelledby="accommodation-heading">
      <h2 id="accommodation-heading" className="text-lg font-semibold">
        {t("staffLearn.accommodationTitle")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("staffLearn.accommodationHint")}</p>
      <Form method="post" className="mt-4 space-y-4">
        <input type="hidden" name="intent" value="accommodation" />
        {/* Saved is a staffLearn.… key; a refusal is a validation key. */}
        {message ? (
          <FormMessage tone={message.startsWith("staffLearn.") ? "success" : "error"}>{t(message)}</FormMessage>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-3">
          <div>
            <label htmlFor="acc-level" className="block text-sm font-medium">
              {t("staffLearn.level")}
            </label>
            <select id="acc-level" name="levelSlug" className="input mt-1">
              <LevelOptions levels={levels} />
            </select>
          </div>
          <div>
            <label htmlFor="acc-minutes" className="block text-sm font-medium">
              {t("staffLearn.extraMinutes")}
            </label>
            <input
              id="acc-minutes"
              name="extraMinutes"
              type="number"
              min={0}
              max={600}
              defaultValue={0}
              className="input mt-1"
            />
          </div>
          <div>
            <label htmlFor="acc-attempts" className="block text-sm font-medium">
              {t("staffLearn.extraAttempts")}
            </label>
            <input
              id="acc-attempts"
              name="extraAttempts"
              type="number"
              min={0}
              max={10}
              defaultValue={0}
              className="input mt-1"
            />
          </div>
        </div>
        <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
          {t("staffLearn.accommodationSave")}
        </button>
      </Form>
    </section>
  );
}
