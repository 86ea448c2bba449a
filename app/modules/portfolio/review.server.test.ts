import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { fixtureFiles, syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { auditLog, caseDefences } from "#db/schema";
import { db } from "~/utils/db.server";
import type { CaseInput } from "./case-input";
import { addEvidence, createCase, getOwnCase, updateCase } from "./cases.server";
import { portfolioProgress } from "./progress.server";
import { approveCase, centerDefences, portfolioLevels, recordDefence, returnCase, reviewQueue } from "./review.server";
import { portfolioStanding } from "./standing.server";
import { samples } from "../../../tests/setup/evidence-samples";

/**
 * The fixture's junior level, without its exam and asking for one approved case and a passed case
 * defence: studying the course, one approval and one passed defence complete its certificate.
 */
beforeAll(() => {
  const files = fixtureFiles();
  const levels = files["content/levels.yaml"]!;
  const withoutExam = levels.replace(/ {4}exam:\n(?: {6}.*\n)+?(?= {4}certificate)/, "");
  files["content/levels.yaml"] = withoutExam.replace(
    "certificate: { validityYears: 3, renewalHours: 10 }",
    "certificate: { validityYears: 3, renewalHours: 10, portfolioCases: 1, caseDefence: true }",
  );
  if (
    !files["content/levels.yaml"].includes("portfolioCases: 1") ||
    files["content/levels.yaml"].includes("Junior exam")
  )
    throw new Error("the fixture's levels.yaml changed shape");
  return syncFixtureContent(files);
});

const input = (over: Partial<CaseInput> = {}): CaseInput => ({
  title: "高校专利许可给本地装备企业",
  contractType: "licence",
  registrationNo: "2025140100001234",
  amountFen: 125_000_000,
  role: "技术经理人",
  startedOn: "2025-03-01",
  endedOn: "2025-11-30",
  description: "某高校课题组的一项高温合金专利，经需求调研后许可给本地一家装备企业实施，我负责对接、尽调与谈判。",
  ...over,
});

async function centerWithTrainee() {
  const d = await db();
  const region = await makeRegion(d);
  const center = await makeOrganization(d, region.id);
  const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
  const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
  return {
    d,
    region,
    center: { id: center.id, regionId: region.id },
    trainee: await actorFor(d, trainee.id),
    staff: await actorFor(d, staff.id),
  };
}

const auditOf = async (targetId: string) =>
  (await db())
    .select({ action: auditLog.action, actorId: auditLog.actorId, after: auditLog.after })
    .from(auditLog)
    .where(eq(auditLog.targetId, targetId))
    .orderBy(auditLog.createdAt);

const defence = (userId: string, over: Partial<Parameters<typeof recordDefence>[3]> = {}) => ({
  userId,
  levelSlug: "junior",
  result: "passed" as const,
  heldOn: "2026-04-10",
  panel: "王教授、李律师",
  comment: "案例完整，答辩清晰。",
  ...over,
});

describe("center staff review cases", () => {
  test("the queue holds the center's submitted cases, oldest first, with their evidence", async () => {
    const { d, center, trainee, staff } = await centerWithTrainee();
    const first = await createCase(d, trainee, input({ title: "第一个案例" }));
    await addEvidence(d, trainee, first, [{ name: "合同.pdf", bytes: samples.pdf }]);
    const second = await createCase(d, trainee, input({ title: "第二个案例" }));
    // Another center's trainee's case is not in this queue.
    const elsewhere = await makeOrganization(d, center.regionId);
    const stranger = await actorFor(d, (await makeUser(d, { role: "trainee", organizationId: elsewhere.id })).id);
    await createCase(d, stranger, input({ title: "别处的案例" }));

    const queue = await reviewQueue(d, staff, center);
    expect(queue.map((c) => c.id)).toEqual([first, second]);
    expect(queue[0]!.evidence).toMatchObject([{ fileName: "合同.pdf", mimeType: "application/pdf" }]);
    expect(queue[0]!.evidence[0]).not.toHaveProperty("data");
  });

  test("returning needs the case to be waiting; it is audited with the comment, and the trainee's edit sends it back", async () => {
    const { d, center, trainee, staff } = await centerWithTrainee();
    const caseId = await createCase(d, trainee, input());
    expect(await returnCase(d, staff, center, caseId, "请补充技术合同登记证明扫描件。")).toEqual({
      ok: true,
      title: input().title,
      userId: trainee.id,
      repeated: false,
    });
    expect((await getOwnCase(d, trainee.id, caseId)).case).toMatchObject({
      status: "returned",
      reviewComment: "请补充技术合同登记证明扫描件。",
      reviewedBy: staff.id,
    });
    expect(await reviewQueue(d, staff, center)).toEqual([]);
    // Approving a case the trainee has not re-submitted is refused.
    expect(await approveCase(d, staff, center, caseId)).toEqual({
      ok: false,
      message: "portfolio.errors.notSubmitted",
    });

    expect(
      await updateCase(d, trainee, caseId, input({ description: `${input().description}已补充登记证明。` })),
    ).toEqual({ ok: true, resubmitted: true });
    expect((await reviewQueue(d, staff, center)).map((c) => [c.id, c.reviewComment])).toEqual([
      [caseId, "请补充技术合同登记证明扫描件。"],
    ]);

    expect(await approveCase(d, staff, center, caseId)).toEqual({ ok: true, title: input().title, userId: trainee.id });
    // A second click changes nothing and writes no second audit entry.
    expect(await approveCase(d, staff, center, caseId)).toMatchObject({ ok: true });
    expect(await returnCase(d, staff, center, caseId, "晚了")).toEqual({
      ok: false,
      message: "portfolio.errors.alreadyApproved",
    });
    expect(await auditOf(caseId)).toEqual([
      {
        action: "portfolio.return",
        actorId: staff.id,
        after: { status: "returned", comment: "请补充技术合同登记证明扫描件。" },
      },
      { action: "portfolio.approve", actorId: staff.id, after: { status: "approved" } },
    ]);
  });

  test("another center's staff are refused, and find nothing through their own center; a region admin may only look", async () => {
    const { d, region, center, trainee } = await centerWithTrainee();
    const caseId = await createCase(d, trainee, input());
    const other = await makeOrganization(d, region.id);
    const otherStaff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    await expect(reviewQueue(d, otherStaff, center)).rejects.toMatchObject({ status: 403 });
    await expect(approveCase(d, otherStaff, center, caseId)).rejects.toMatchObject({ status: 403 });
    await expect(returnCase(d, otherStaff, center, caseId, "不行")).rejects.toMatchObject({ status: 403 });
    await expect(approveCase(d, otherStaff, { id: other.id, regionId: region.id }, caseId)).rejects.toMatchObject({
      status: 404,
    });

    const regionAdmin = await actorFor(d, (await makeUser(d, { role: "region_admin", regionId: region.id })).id);
    expect((await reviewQueue(d, regionAdmin, center)).map((c) => c.id)).toEqual([caseId]);
    await expect(approveCase(d, regionAdmin, center, caseId)).rejects.toMatchObject({ status: 403 });
    await expect(recordDefence(d, regionAdmin, center, defence(trainee.id))).rejects.toMatchObject({ status: 403 });
    expect(await auditOf(caseId)).toEqual([]);
  });
});

describe("case defences", () => {
  test("staff record a defence for their trainee and a level that asks for one; it is audited and recorded once", async () => {
    const { d, center, trainee, staff } = await centerWithTrainee();
    expect((await portfolioLevels(d)).map((l) => [l.slug, l.casesRequired, l.defenceRequired])).toEqual([
      ["junior", 1, true],
    ]);
    const failed = await recordDefence(
      d,
      staff,
      center,
      defence(trainee.id, { result: "failed", comment: "收益测算依据不足。" }),
    );
    expect(failed).toMatchObject({ ok: true, defenceId: expect.any(String) });
    const again = await recordDefence(
      d,
      staff,
      center,
      defence(trainee.id, { result: "failed", comment: "收益测算依据不足。" }),
    );
    expect(again).toMatchObject({ ok: true, defenceId: failed.ok ? failed.defenceId : "" });
    expect(await d.select().from(caseDefences).where(eq(caseDefences.userId, trainee.id))).toHaveLength(1);
    expect(await auditOf(failed.ok ? failed.defenceId : "")).toMatchObject([
      { action: "portfolio.defence", actorId: staff.id, after: { result: "failed" } },
    ]);

    expect(await recordDefence(d, staff, center, defence(trainee.id, { levelSlug: "intermediate" }))).toEqual({
      ok: false,
      field: "levelSlug",
      message: "portfolio.errors.defenceLevel",
    });
    const outsider = await makeUser(d, {
      role: "trainee",
      organizationId: (await makeOrganization(d, center.regionId)).id,
    });
    expect(await recordDefence(d, staff, center, defence(outsider.id))).toEqual({
      ok: false,
      field: "userId",
      message: "portfolio.errors.defenceTrainee",
    });

    expect((await centerDefences(d, staff, center)).map((x) => [x.traineeName, x.result, x.comment])).toEqual([
      [expect.any(String), "failed", "收益测算依据不足。"],
    ]);
    const [level] = await portfolioProgress(d, trainee.id);
    expect(level).toMatchObject({
      slug: "junior",
      approvedCases: 0,
      casesRequired: 1,
      defencePassed: false,
      defences: [{ result: "failed", panel: "王教授、李律师" }],
    });
  });

  test("portfolioStanding counts the trainee's approved cases and whether a defence of that level passed", async () => {
    const { d, center, trainee, staff } = await centerWithTrainee();
    const [a, b, c] = [
      await createCase(d, trainee, input()),
      await createCase(d, trainee, input()),
      await createCase(d, trainee, input()),
    ];
    await approveCase(d, staff, center, a);
    await approveCase(d, staff, center, b);
    await returnCase(d, staff, center, c, "请补充材料");
    expect(await portfolioStanding(d, trainee.id, "junior")).toEqual({ approvedCases: 2, defencePassed: false });
    await recordDefence(d, staff, center, defence(trainee.id, { result: "failed" }));
    expect(await portfolioStanding(d, trainee.id, "junior")).toEqual({ approvedCases: 2, defencePassed: false });
    await recordDefence(d, staff, center, defence(trainee.id, { result: "passed", heldOn: "2026-04-20" }));
    expect(await portfolioStanding(d, trainee.id, "junior")).toEqual({ approvedCases: 2, defencePassed: true });
    expect(await portfolioStanding(d, trainee.id, "intermediate")).toEqual({ approvedCases: 2, defencePassed: false });
  });
});
