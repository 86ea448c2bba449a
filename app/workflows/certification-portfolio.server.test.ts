import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { certificates } from "#db/schema";
import { finishFixtureJuniorStudy, fixtureFiles, syncFixtureContent } from "../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../tests/setup/factories";
import { generateSigningKeyPem } from "~/modules/certificates/index.server";
import { createCase, type DefenceInput } from "~/modules/portfolio/index.server";
import { db } from "~/utils/db.server";
import { approveCaseAndIssue, recordDefenceAndIssue } from "./certification.server";

// Certificates issued here are signed with a key of this test's own, not one written into ./data.
process.env.SIGNING_KEY ??= generateSigningKeyPem();

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

const input = () => ({
  title: "高校专利许可给本地装备企业",
  contractType: "licence" as const,
  registrationNo: "2025140100001234",
  amountFen: 125_000_000,
  role: "技术经理人",
  startedOn: "2025-03-01",
  endedOn: "2025-11-30",
  description: "某高校课题组的一项高温合金专利，经需求调研后许可给本地一家装备企业实施，我负责对接、尽调与谈判。",
});

async function centerWithTrainee() {
  const d = await db();
  const region = await makeRegion(d);
  const center = await makeOrganization(d, region.id);
  const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
  const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
  return {
    d,
    center: { id: center.id, regionId: region.id },
    trainee: await actorFor(d, trainee.id),
    staff: await actorFor(d, staff.id),
  };
}

const defence = (userId: string, over: Partial<DefenceInput> = {}): DefenceInput => ({
  userId,
  levelSlug: "junior",
  result: "passed",
  heldOn: "2026-04-10",
  panel: "王教授、李律师",
  comment: "案例完整，答辩清晰。",
  ...over,
});

describe("the certificate follows the last requirement", () => {
  test("a passed defence after the approved case completes the certificate, issued by the staff member", async () => {
    const { d, center, trainee, staff } = await centerWithTrainee();
    await finishFixtureJuniorStudy(trainee.id, new Date());
    const caseId = await createCase(d, trainee, input());
    // One approved case, but no defence yet: nothing is issued.
    expect(await approveCaseAndIssue(d, staff, center, caseId)).toMatchObject({ ok: true, issued: [] });
    expect(await recordDefenceAndIssue(d, staff, center, defence(trainee.id, { result: "failed" }))).toMatchObject({
      ok: true,
      issued: [],
    });

    const passed = await recordDefenceAndIssue(d, staff, center, defence(trainee.id, { heldOn: "2026-04-20" }));
    expect(passed).toMatchObject({ ok: true, issued: [{ levelSlug: "junior" }] });
    const held = await d
      .select({ id: certificates.id, issuedBy: certificates.issuedBy, centerId: certificates.centerId })
      .from(certificates)
      .where(and(eq(certificates.userId, trainee.id), eq(certificates.levelSlug, "junior")));
    expect(held).toEqual([
      { id: passed.ok ? passed.issued[0]!.certificateId : "", issuedBy: staff.id, centerId: center.id },
    ]);
  });

  test("an approval that comes last issues the certificate too", async () => {
    const { d, center, trainee, staff } = await centerWithTrainee();
    await finishFixtureJuniorStudy(trainee.id, new Date());
    await recordDefenceAndIssue(d, staff, center, defence(trainee.id));
    const caseId = await createCase(d, trainee, input());
    expect(await approveCaseAndIssue(d, staff, center, caseId)).toMatchObject({
      ok: true,
      issued: [{ levelSlug: "junior" }],
    });
    expect(
      await d.select({ id: certificates.id }).from(certificates).where(eq(certificates.userId, trainee.id)),
    ).toHaveLength(1);
  });
});
