import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import type { DefenceFormErrors } from "~/modules/portfolio";

export interface DefenceReply {
  result?: SubmissionResult<string[]>;
  values?: Record<string, string>;
  saved?: boolean;
}

/** 录入答辩结果: a defence held for a trainee in a level that asks for one. */
export function DefenceForm({
  trainees,
  levels,
  today,
  reply,
  resetKey,
}: {
  trainees: { id: string; name: string; contact: string | null }[];
  levels: { slug: string; nameZh: string; nameEn: string }[];
  today: string;
  reply: DefenceReply | undefined;
  /** Changes when a defence was saved, so the form starts empty again. */
  resetKey: string | number;
}) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const navigation = useNavigation();
  const [form, fields] = useForm<Record<keyof DefenceFormErrors, string>>({ id: "defence", lastResult: reply?.result });
  // One message per field, as the form has always shown; none once the page answers something else.
  const errors: DefenceFormErrors = {};
  if (reply?.result)
    for (const name of ["userId", "levelSlug", "result", "heldOn", "panel", "comment"] as const)
      if (fields[name].errors?.[0]) errors[name] = fields[name].errors[0];
  const described = (name: keyof DefenceFormErrors, hint?: string) => {
    const ids = [hint, errors[name] ? `defence-${name}-error` : null].filter(Boolean).join(" ");
    return { ...(errors[name] ? { "aria-invalid": true } : {}), ...(ids ? { "aria-describedby": ids } : {}) };
  };
  const errorOf = (name: keyof DefenceFormErrors) =>
    errors[name] ? <ErrorList id={`defence-${name}-error`} errors={[errors[name]!]} /> : null;
  const values = reply?.values;
  return (
    <Form method="post" id={form.id} className="mt-6 max-w-2xl space-y-4" noValidate key={resetKey}>
      <h3 className="font-semibold">{t("portfolio.defences.record")}</h3>
      <input type="hidden" name="intent" value="defence" />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="defence-userId" className="block text-sm font-medium">
            {t("portfolio.defences.trainee")}
          </label>
          <select
            id="defence-userId"
            name="userId"
            className="input mt-1"
            defaultValue={values?.userId ?? ""}
            {...described("userId")}
          >
            <option value="">{t("portfolio.defences.choose")}</option>
            {trainees.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}（{p.contact}）
              </option>
            ))}
          </select>
          {errorOf("userId")}
        </div>
        <div>
          <label htmlFor="defence-levelSlug" className="block text-sm font-medium">
            {t("portfolio.defences.level")}
          </label>
          <select
            id="defence-levelSlug"
            name="levelSlug"
            className="input mt-1"
            defaultValue={values?.levelSlug ?? levels[0]!.slug}
            {...described("levelSlug")}
          >
            {levels.map((l) => (
              <option key={l.slug} value={l.slug}>
                {pick(l.nameZh, l.nameEn)}
              </option>
            ))}
          </select>
          {errorOf("levelSlug")}
        </div>
        <fieldset>
          <legend className="text-sm font-medium">{t("portfolio.defences.result")}</legend>
          <div className="mt-2 flex gap-4">
            {(["passed", "failed"] as const).map((r) => (
              <label key={r} className="flex items-center gap-2 text-sm">
                <input type="radio" name="result" value={r} defaultChecked={values?.result === r} />{" "}
                {t(`portfolio.result.${r}`)}
              </label>
            ))}
          </div>
          {errorOf("result")}
        </fieldset>
        <div>
          <label htmlFor="defence-heldOn" className="block text-sm font-medium">
            {t("portfolio.defences.heldOn")}
          </label>
          <input
            id="defence-heldOn"
            name="heldOn"
            type="date"
            max={today}
            className="input mt-1"
            defaultValue={values?.heldOn ?? today}
            {...described("heldOn")}
          />
          {errorOf("heldOn")}
        </div>
      </div>
      <div>
        <label htmlFor="defence-panel" className="block text-sm font-medium">
          {t("portfolio.defences.panel")}
        </label>
        <input
          id="defence-panel"
          name="panel"
          className="input mt-1"
          maxLength={500}
          defaultValue={values?.panel}
          {...described("panel", "defence-panel-hint")}
        />
        <p id="defence-panel-hint" className="mt-1 text-sm text-slate-600">
          {t("portfolio.defences.panelHint")}
        </p>
        {errorOf("panel")}
      </div>
      <div>
        <label htmlFor="defence-comment" className="block text-sm font-medium">
          {t("portfolio.defences.comment")}
        </label>
        <textarea
          id="defence-comment"
          name="comment"
          rows={3}
          maxLength={2000}
          className="input mt-1"
          defaultValue={values?.comment}
          {...described("comment")}
        />
        {errorOf("comment")}
      </div>
      <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
        {t("portfolio.defences.submit")}
      </button>
    </Form>
  );
}
