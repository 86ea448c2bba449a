import { afterEach, describe, expect, test } from "vitest";
import { fixtureFiles, writeContent } from "../../../tests/setup/content-fixture";
import { appendicesOfCourse, appendixDisposition, appendixDownload } from "./appendices.server";
import { formatProblem, loadContent } from "./files.server";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

const body = `# 协议定价公示\n\n${"根据促进科技成果转化法第十八条在本单位公示科技成果名称和拟交易价格。".repeat(8)}\n`;
const appendix = (course = "law", extra = "") => `---
title:
  zh: 协议定价公示模板
  en: Publicity notice
course: ${course}
summary:
  zh: 协议定价时公示用。
  en: For a negotiated price.${extra}
---
${body}`;

async function fixture(changes: Record<string, string | null>) {
  const dirs = await writeContent({ ...fixtureFiles(), ...changes });
  cleanups.push(dirs.cleanup);
  return dirs;
}

describe("appendices", () => {
  test("a valid appendix is loaded, listed on its course and downloaded under its Chinese title", async () => {
    const dirs = await fixture({ "content/appendices/publicity-notice.md": appendix() });
    const { content, problems } = await loadContent(dirs.contentDir, dirs.publicDir, 0);
    expect(problems).toEqual([]);
    expect(content?.appendices.map((a) => a.slug)).toEqual(["publicity-notice"]);

    expect(await appendicesOfCourse("law", dirs.contentDir)).toEqual([
      { slug: "publicity-notice", titleZh: "协议定价公示模板", titleEn: "Publicity notice", summaryZh: "协议定价时公示用。", summaryEn: "For a negotiated price." },
    ]);
    expect(await appendicesOfCourse("valuation", dirs.contentDir)).toEqual([]);

    const download = await appendixDownload("publicity-notice", dirs.contentDir);
    expect(download?.text).toContain("在本单位公示科技成果名称和拟交易价格");
    expect(appendixDisposition(download!)).toBe(
      `attachment; filename="publicity-notice.md"; filename*=UTF-8''${encodeURIComponent("协议定价公示模板.md")}`,
    );
  });

  test("an appendix of an unknown course, with an unknown field or without enough text is a content problem", async () => {
    const dirs = await fixture({
      "content/appendices/orphan.md": appendix("no-such-course"),
      "content/appendices/extra.md": appendix("law", "\nlevel: junior"),
      "content/appendices/short.md": appendix().replace(body, "太短。\n"),
      "content/appendices/Bad_Name.md": appendix(),
    });
    const { content, problems } = await loadContent(dirs.contentDir, dirs.publicDir, 0);
    expect(content).toBeNull();
    const lines = problems.map(formatProblem);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/appendices\/orphan\.md \[course\]: no course "no-such-course"/),
        expect.stringMatching(/appendices\/extra\.md: Unrecognized key\(s\) in object: 'level'/),
        expect.stringMatching(/appendices\/short\.md \[body\]: the appendix has 2 Chinese characters; at least 200/),
        expect.stringMatching(/appendices\/Bad_Name\.md: an appendix file is named <slug>\.md/),
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  test("a slug that is not a plain file name reaches no file", async () => {
    const dirs = await fixture({ "content/appendices/publicity-notice.md": appendix() });
    for (const slug of ["../levels", "..%2Flevels", "publicity-notice.md", "", "PUBLICITY-NOTICE", "missing"])
      expect(await appendixDownload(slug, dirs.contentDir)).toBeNull();
  });
});
