import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { ChartWithTable } from "./statistics-charts";

describe("a chart's data table", () => {
  test("twelve cohorts: every category is a row of the whole table (no height cut), in the order given", () => {
    const cohorts = Array.from({ length: 12 }, (_, i) => `2025年第${i + 1}期中级班`);
    const html = renderToStaticMarkup(
      <ChartWithTable
        id="progress"
        title="各期学习进度分布"
        summary="…"
        categoryLabel="期次"
        categories={cohorts}
        series={[
          { key: "junior", label: "初级", values: cohorts.map(() => 1) },
          { key: "intermediate", label: "中级", values: cohorts.map(() => 2) },
          { key: "senior", label: "高级", values: cohorts.map(() => 3) },
        ]}
        stacked
      />,
    );
    for (const cohort of cohorts)
      expect(html).toContain(`<th scope="row" class="whitespace-nowrap py-1 pr-3 font-normal">${cohort}</th>`);
    // The levels as given (level order), not re-sorted.
    expect(html.indexOf(">初级<")).toBeLessThan(html.indexOf(">中级<"));
    expect(html.indexOf(">中级<")).toBeLessThan(html.indexOf(">高级<"));
    expect(html).not.toContain("max-h-64");
    // Many labels: the chart's box is taller, to slant them rather than skip any.
    expect(html).toContain("h-80");
  });
});
