import { useTranslation } from "react-i18next";
import type { DiffRow } from "~/modules/content";

const tone: Record<DiffRow["kind"], [string, string]> = {
  same: ["", ""],
  removed: ["bg-red-50", ""],
  added: ["", "bg-green-50"],
  changed: ["bg-red-50", "bg-green-50"],
};

/** Two versions side by side: removed lines on the left in red, added ones on the right in green. */
export function DiffTable({ rows, before, after }: { rows: DiffRow[]; before: string; after: string }) {
  const { t } = useTranslation();
  return (
    <table className="w-full table-fixed border-collapse font-mono text-xs">
      <caption className="sr-only">{t("authoring.change.diff")}</caption>
      <thead>
        <tr>
          <th scope="col" className="border-b p-1 text-left">
            {t("authoring.change.before")} {before}
          </th>
          <th scope="col" className="border-b p-1 text-left">
            {t("authoring.change.after")} {after}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i} data-diff={row.kind}>
            <td className={`whitespace-pre-wrap break-words border-r p-1 align-top ${tone[row.kind][0]}`}>
              {row.left !== null && row.kind !== "same" ? <span className="sr-only">− </span> : null}
              {row.left ?? ""}
            </td>
            <td className={`whitespace-pre-wrap break-words p-1 align-top ${tone[row.kind][1]}`}>
              {row.right !== null && row.kind !== "same" ? <span className="sr-only">+ </span> : null}
              {row.right ?? ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
