import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { MAX_EVIDENCE_PER_CASE } from "~/modules/portfolio";

/** 佐证材料: the case's files, and (while the case may change) deleting and adding them. */
export function EvidenceSection({
  evidence,
  editable,
  error,
  message,
}: {
  evidence: { id: string; fileName: string; size: number }[];
  editable: boolean;
  error?: string;
  message?: string;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  return (
    <section className="card" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading" className="text-lg font-semibold">
        {t("portfolio.evidence.title")}
      </h2>
      {error ? <FormMessage>{error}</FormMessage> : null}
      {message ? <FormMessage tone="success">{message}</FormMessage> : null}
      {evidence.length === 0 ? (
        <p className="mt-2 text-slate-600">{t("portfolio.evidence.none")}</p>
      ) : (
        <ul className="mt-3 divide-y text-sm">
          {evidence.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center gap-3 py-2">
              <a className="link underline" href={`/portfolio/evidence/${e.id}`} download>
                {e.fileName}
              </a>
              <span className="text-slate-600">
                {t("portfolio.evidence.size", { size: Math.max(1, Math.round(e.size / 1024)) })}
              </span>
              {editable ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="delete-evidence" />
                  <input type="hidden" name="evidenceId" value={e.id} />
                  <button
                    type="submit"
                    className="link"
                    aria-label={t("portfolio.evidence.deleteLabel", { name: e.fileName })}
                  >
                    {t("portfolio.evidence.delete")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editable && evidence.length < MAX_EVIDENCE_PER_CASE ? (
        <Form method="post" encType="multipart/form-data" className="mt-4 space-y-2" key={evidence.length}>
          <label htmlFor="evidence-files" className="block text-sm font-medium">
            {t("portfolio.evidence.choose")}
          </label>
          <input
            id="evidence-files"
            name="files"
            type="file"
            multiple
            accept="application/pdf,image/png,image/jpeg,image/webp,.pdf,.png,.jpg,.jpeg,.webp"
            aria-describedby="evidence-hint"
            className="block text-sm"
          />
          <p id="evidence-hint" className="text-sm text-slate-600">
            {t("portfolio.evidence.hint")}
          </p>
          <button type="submit" className="btn-secondary" disabled={navigation.state === "submitting"}>
            {t("portfolio.evidence.upload")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
