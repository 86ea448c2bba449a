import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { db } from "~/utils/db.server";
import { exportContent } from "./export.server";
import { loadContent } from "./files.server";
import { syncContent } from "./sync.server";

// Its own file, so its database holds the real curriculum only.
let out = "";
afterEach(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe("content export", () => {
  test("exporting a fresh install reproduces content/ byte for byte", async () => {
    const d = await db();
    const { content, problems } = await loadContent();
    expect(problems).toEqual([]);
    await syncContent(d, content!);

    out = await mkdtemp(path.join(os.tmpdir(), "tma-export-"));
    const summary = await exportContent(d, out);
    const expected = [
      "content/levels.yaml",
      ...content!.courses.flatMap((c) => [c.file, ...c.lessons.map((l) => l.file)]),
      ...content!.questionTopics.map((t) => t.file),
    ].map((f) => path.relative("content", f).split(path.sep).join("/"));
    expect(summary.written.sort()).toEqual(expected.sort());
    for (const file of expected) expect(await readFile(path.join(out, file), "utf8"), file).toBe(await readFile(path.join("content", file), "utf8"));
  });

});
