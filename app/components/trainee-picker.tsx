import { Form, Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { PICKER_MAX_MATCHING, type PickerFilter, type PickerPrefix } from "~/modules/cohorts";

export interface PickerData {
  rows: { id: string; name: string; mobile: string | null; email: string | null; cohorts: string }[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * A searchable, paged list of the center's trainees: search by name, mobile or e-mail, narrow by cohort and
 * level, tick people on the page or choose all that match. The search is a GET form (a link to share); the
 * ticks belong to the page's POST form `formId` through the `form` attribute, as forms may not nest.
 * Each picker's fields start with `prefix`, so two pickers on one page keep their own search; a search in one
 * keeps the other's. Without cohorts or levels to narrow by, those filters are not shown.
 */
export function TraineePicker({
  formId,
  inputName,
  data,
  filter,
  cohorts,
  levels,
  prefix = "p_",
  legend,
}: {
  formId: string;
  inputName: string;
  data: PickerData;
  filter: PickerFilter;
  cohorts: { id: string; name: string }[];
  levels: { slug: string; nameZh: string; nameEn: string }[];
  prefix?: PickerPrefix;
  /** The picker's heading and table caption, when "选择学员" does not say what the choice is for. */
  legend?: string;
}) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const [search] = useSearchParams();
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const title = legend ?? t("picker.legend");
  const pageLink = (page: number) => {
    const next = new URLSearchParams(search);
    next.set(`${prefix}page`, String(page));
    return `?${next}`;
  };
  // The other pickers' search on this page, carried through this one's search form.
  const kept = [...search].filter(([name]) => !name.startsWith(prefix));
  return (
    <section className="space-y-3" aria-labelledby={`${formId}-picker`}>
      <h3 id={`${formId}-picker`} className="font-semibold">
        {title}
      </h3>
      <Form method="get" className="flex flex-wrap items-end gap-3" preventScrollReset>
        {kept.map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
        <div>
          <label htmlFor={`${formId}-p-q`} className="block text-sm font-medium">
            {t("picker.search")}
          </label>
          <input
            id={`${formId}-p-q`}
            name={`${prefix}q`}
            type="search"
            defaultValue={filter.q ?? ""}
            maxLength={50}
            className="input mt-1"
          />
        </div>
        {cohorts.length ? (
          <div>
            <label htmlFor={`${formId}-p-cohort`} className="block text-sm font-medium">
              {t("picker.cohort")}
            </label>
            <select
              id={`${formId}-p-cohort`}
              name={`${prefix}cohort`}
              defaultValue={filter.cohortId ?? ""}
              className="input mt-1"
            >
              <option value="">{t("picker.any")}</option>
              {cohorts.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {levels.length ? (
          <div>
            <label htmlFor={`${formId}-p-level`} className="block text-sm font-medium">
              {t("picker.level")}
            </label>
            <select
              id={`${formId}-p-level`}
              name={`${prefix}level`}
              defaultValue={filter.level ?? ""}
              className="input mt-1"
            >
              <option value="">{t("picker.any")}</option>
              {levels.map((l) => (
                <option key={l.slug} value={l.slug}>
                  {pick(l.nameZh, l.nameEn)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" className="btn-secondary">
          {t("picker.find")}
        </button>
      </Form>
      <p className="text-sm text-slate-700" role="status">
        {data.total ? t("picker.found", { total: data.total, page: data.page, pages }) : t("picker.none")}
      </p>
      {data.total > 0 ? (
        data.total <= PICKER_MAX_MATCHING ? (
          <label className="flex items-center gap-2 text-sm font-medium">
            <input type="checkbox" name={`${prefix}all`} value="on" form={formId} />
            {t("picker.selectAll", { total: data.total })}
          </label>
        ) : (
          <p className="text-sm text-slate-600">{t("picker.tooMany", { max: PICKER_MAX_MATCHING })}</p>
        )
      ) : null}
      {/* The search the "all matching" choice refers to, submitted with the POST form. */}
      <input type="hidden" name={`${prefix}q`} value={filter.q ?? ""} form={formId} />
      <input type="hidden" name={`${prefix}cohort`} value={filter.cohortId ?? ""} form={formId} />
      <input type="hidden" name={`${prefix}level`} value={filter.level ?? ""} form={formId} />
      <DataTable
        rows={data.rows}
        rowKey={(r) => r.id}
        caption={title}
        compact
        columns={[
          {
            header: t("picker.pick"),
            cell: (r) => (
              <input
                type="checkbox"
                name={inputName}
                value={r.id}
                form={formId}
                id={`${formId}-pick-${r.id}`}
                aria-label={`${r.name} ${r.mobile ?? r.email ?? ""}`}
              />
            ),
          },
          {
            header: t("picker.name"),
            rowHeader: true,
            cell: (r) => (
              <label htmlFor={`${formId}-pick-${r.id}`} className="whitespace-nowrap">
                {r.name}
              </label>
            ),
          },
          { header: t("picker.mobile"), cell: (r) => r.mobile ?? "—", className: "whitespace-nowrap tabular-nums" },
          { header: t("picker.email"), cell: (r) => r.email ?? "—", className: "break-all" },
          { header: t("picker.cohorts"), cell: (r) => r.cohorts || "—" },
        ]}
      />
      {pages > 1 ? (
        <nav aria-label={t("picker.pages")} className="flex gap-3 text-sm">
          {data.page > 1 ? (
            <Link className="link" to={pageLink(data.page - 1)} preventScrollReset>
              {t("picker.previous")}
            </Link>
          ) : null}
          {data.page < pages ? (
            <Link className="link" to={pageLink(data.page + 1)} preventScrollReset>
              {t("picker.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
