import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { DataTable } from "./data-table";

const rows = [
  { id: "a", name: "王建国", hours: 12 },
  { id: "b", name: "李晓梅", hours: 3 },
];

describe("DataTable", () => {
  test("column headers have scope, the caption is there for screen readers, the first column may name its row", () => {
    const html = renderToStaticMarkup(
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        caption="学员"
        className="mt-3"
        columns={[
          { header: "姓名", cell: (r) => r.name, rowHeader: true },
          { header: "学时", cell: (r) => r.hours, className: "tabular-nums", sort: "descending" },
        ]}
      />,
    );
    expect(html).toContain('<div class="overflow-x-auto mt-3"><table class="w-full text-left text-sm">');
    expect(html).toContain('<caption class="sr-only">学员</caption>');
    expect(html).toContain('<th scope="col" class="py-2 pr-4">姓名</th>');
    expect(html).toContain('<th scope="col" class="py-2 pr-4" aria-sort="descending">学时</th>');
    expect(html).toContain('<th scope="row" class="py-2 pr-4 font-normal">王建国</th>');
    expect(html).toContain('<td class="py-2 pr-4 tabular-nums">3</td>');
  });

  test("no rows: the empty message instead of a table, or the headers alone when there is none", () => {
    const columns = [{ header: "姓名", cell: (r: (typeof rows)[number]) => r.name }];
    expect(
      renderToStaticMarkup(<DataTable rows={[]} rowKey={(r) => r.id} columns={columns} empty={<p>暂无</p>} />),
    ).toBe("<p>暂无</p>");
    const bare = renderToStaticMarkup(<DataTable rows={[]} rowKey={(r) => r.id} columns={columns} />);
    expect(bare).toContain("<th");
    expect(bare).not.toContain("<td");
  });

  test("cell and row classes may depend on the row; compact tables use narrower padding", () => {
    const html = renderToStaticMarkup(
      <DataTable
        compact
        rows={rows}
        rowKey={(r) => r.id}
        rowClassName={(r) => (r.hours < 5 ? "bg-red-50" : "")}
        columns={[{ header: "学时", cell: (r) => r.hours, className: (r) => (r.hours < 5 ? "text-red-800" : "") }]}
      />,
    );
    expect(html).toContain(
      '<tr class="border-b last:border-0 bg-red-50"><td class="py-2 pr-3 text-red-800">3</td></tr>',
    );
    expect(html).toContain('<tr class="border-b last:border-0"><td class="py-2 pr-3">12</td></tr>');
  });
});
