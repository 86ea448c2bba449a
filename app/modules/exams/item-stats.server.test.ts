import { beforeAll, describe, expect, test } from "vitest";
import {
  finishFixtureJuniorStudy,
  openFixtureSession,
  fixtureFiles,
  writeContent,
} from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { loadContent, syncContent } from "~/modules/content/index.server";
import { db } from "~/utils/db.server";
import { noneHeld } from "../../../tests/setup/exam-fixture";
import { submitAttempt } from "./close.server";
import { attemptForCandidate, saveAnswer } from "./sitting.server";
import { startAttempt } from "./start.server";
import { gradeEssay, gradingQueue } from "./essay-grading.server";
import { toCsv } from "~/modules/spreadsheets";
import { itemStatistics, itemStatsRows } from "./item-stats.server";

beforeAll(async () => {
  // Three sections, so that reliability (sections as items) is defined.
  const files = fixtureFiles();
  files["content/levels.yaml"] = files["content/levels.yaml"]!.replace(
    "        - { name: { zh: 全部题目, en: All questions }, draw: 6 }",
    [
      "        - { name: { zh: 客观题, en: Objective }, draw: 4, types: [single, multiple, true_false, fill_in] }",
      "        - { name: { zh: 论述题, en: Essay }, draw: 1, types: [essay] }",
      "        - { name: { zh: 案例题, en: Case }, draw: 1, types: [case] }",
    ].join("\n"),
  );
  const dirs = await writeContent(files);
  const { content } = await loadContent(dirs.contentDir, dirs.publicDir, 0);
  await syncContent(await db(), content!);
  await dirs.cleanup();
});

const t0 = new Date("2026-07-01T01:00:00Z");

/** A trainee of the center sits the fixture exam, answering everything right or everything wrong. */
async function sit(centerId: string, staffId: string, right: boolean) {
  const d = await db();
  const trainee = await makeUser(d, { role: "trainee", organizationId: centerId });
  await finishFixtureJuniorStudy(trainee.id, t0);
  await openFixtureSession([trainee.id], new Date(t0.getTime() - 3600_000), new Date(t0.getTime() + 86_400_000));
  const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 });
  if (!started.ok) throw new Error("not started");
  const attempt = await attemptForCandidate(d, trainee.id, started.attemptId, t0);
  let seq = 1;
  for (const item of attempt.items) {
    const parts = item.content.type === "case" ? item.content.parts : [item.content];
    for (const [j, part] of parts.entries()) {
      let response: unknown = null;
      const rightOptions = ["五类", "技术许可合同"];
      if (part.type === "single") response = part.options.findIndex((o) => rightOptions.includes(o) === right);
      if (part.type === "multiple")
        response = right
          ? ["自行投资实施", "许可他人使用", "作价投资"].map((o) => part.options.indexOf(o)).sort()
          : [part.options.indexOf("无偿捐赠境外")];
      if (part.type === "true_false") response = right;
      if (part.type === "fill_in") response = right ? "50" : "20";
      if (part.type === "essay") response = right ? "完整回答" : "";
      await saveAnswer(d, {
        userId: trainee.id,
        attemptId: started.attemptId,
        item: item.index,
        part: j,
        response,
        seq: seq++,
        now: new Date(t0.getTime() + 60_000),
      });
    }
  }
  await submitAttempt(d, trainee.id, started.attemptId, new Date(t0.getTime() + 120_000));
  const staff = await actorFor(d, staffId);
  for (const entry of (await gradingQueue(d, staff, centerId)).queue.filter((e) => e.attemptId === started.attemptId))
    await gradeEssay(d, staff, {
      centerId,
      attemptId: entry.attemptId,
      item: entry.item,
      part: entry.part,
      // A rubric that lists criteria is scored per criterion.
      ...(entry.criteria.length
        ? { criteria: entry.criteria.map((c) => (right ? c.pointsTenths / 10 : 0)) }
        : { points: right ? entry.maxTenths / 10 : 0 }),
      comment: "",
    });
}

describe("item statistics", () => {
  test("facility, discrimination, alpha and distribution come from the graded attempts, within the viewer's scope", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const staffUser = await makeUser(d, { role: "center_staff", organizationId: center.id });
    for (const right of [true, true, false, false]) await sit(center.id, staffUser.id, right);

    const staff = await actorFor(d, staffUser.id);
    const stats = await itemStatistics(d, staff, "junior", center.id);
    expect(stats.attempts).toBe(4);
    expect(stats.items).toHaveLength(6);
    for (const item of stats.items) {
      expect(item.used).toBe(4);
      // Half the attempts earned all points, half none.
      expect(item.facility).toBeCloseTo(0.5, 5);
      expect(item.discrimination).toBeCloseTo(1, 5);
    }
    // Sections (4, 10 and 7 points) all full or all empty: variances 4²/3, 10²/3, 7²/3 against 21²/3 for
    // the total, so alpha = 3/2 × (1 − 165/441) ≈ 0.9388.
    expect(stats.alpha).toBeCloseTo(1.5 * (1 - 165 / 441), 6);
    expect(stats.distribution).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 2]);

    const csv = toCsv(["主题", "编号", "题型", "使用次数", "难度系数", "区分度"], itemStatsRows(stats));
    expect(csv.startsWith("\uFEFF主题,编号,题型")).toBe(true);
    expect(csv).toContain("law,law-001,single,4,0.5,1");

    // Another center's staff, and a trainee, see nothing of it.
    const other = await makeOrganization(d, region.id);
    const outsider = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    await expect(itemStatistics(d, outsider, "junior", center.id)).rejects.toMatchObject({ status: 403 });
    await expect(itemStatistics(d, outsider, "junior")).rejects.toMatchObject({ status: 403 });
    expect((await itemStatistics(d, outsider, "junior", other.id)).attempts).toBe(0);
  });
});
