import type { ReactNode } from "react";

export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row, index: number) => ReactNode;
  /** Classes added to each cell of the column (e.g. "font-mono", "tabular-nums", "whitespace-nowrap"). */
  className?: string | ((row: Row) => string);
  headerClassName?: string;
  /** The cell names its row (`<th scope="row">`), as the first column usually does in a figures table. */
  rowHeader?: boolean;
  /** The column the rows are sorted by, and which way (`aria-sort`). */
  sort?: "ascending" | "descending";
}

interface DataTableProps<Row> {
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
  /** What the table is, for screen readers (visually hidden: the heading above says it for sighted readers). */
  caption?: ReactNode;
  /** Shown instead of the table when there are no rows (the page's own "none yet" line); without it an empty table keeps its headers. */
  empty?: ReactNode;
  /** Tighter columns, for wide tables of figures. */
  compact?: boolean;
  /** Classes of the scrolling wrapper, e.g. "mt-3". */
  className?: string;
  rowClassName?: string | ((row: Row) => string);
  /** Classes added to every column header. */
  headerClassName?: string;
  id?: string;
}

const join = (...classes: (string | undefined)[]) => classes.filter(Boolean).join(" ");
const classOf = <Row,>(row: Row, value: string | ((row: Row) => string) | undefined) =>
  typeof value === "function" ? value(row) : value;

/**
 * The product's one table: column headers with scope, an optional caption, and a wrapper that scrolls
 * sideways on a narrow screen rather than widening the page.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
  empty,
  compact,
  className,
  rowClassName,
  headerClassName,
  id,
}: DataTableProps<Row>) {
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const cell = compact ? "py-2 pr-3" : "py-2 pr-4";
  return (
    <div className={join("overflow-x-auto", className)}>
      <table className="w-full text-left text-sm" id={id}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="border-b text-slate-600">
          <tr>
            {columns.map((column, i) => (
              <th
                key={i}
                scope="col"
                className={join(cell, headerClassName, column.headerClassName)}
                aria-sort={column.sort}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={rowKey(row, r)} className={join("border-b last:border-0", classOf(row, rowClassName))}>
              {columns.map((column, i) =>
                column.rowHeader ? (
                  <th key={i} scope="row" className={join(cell, "font-normal", classOf(row, column.className))}>
                    {column.cell(row, r)}
                  </th>
                ) : (
                  <td key={i} className={join(cell, classOf(row, column.className))}>
                    {column.cell(row, r)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
