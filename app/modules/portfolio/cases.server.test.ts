import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { caseEvidence, portfolioCases } from "#db/schema";
import { db } from "~/utils/db.server";
import type { CaseInput } from "./case-input";
import {
  addEvidence,
  createCase,
  deleteEvidence,
  evidenceForDownload,
  getOwnCase,
  listOwnCases,
  updateCase,
} from "./cases.server";
import { MAX_EVIDENCE_BYTES } from "./evidence-type";
import { forged, samples } from "../../../tests/setup/evidence-samples";

const input = (over: Partial<CaseInput> = {}): CaseInput => ({
  title: "高校专利许可给本地装备企业",
  contractType: "licence",
  registrationNo: null,
  amountFen: 125_000_000,
  role: "技术经理人",
  startedOn: "2025-03-01",
  endedOn: "2025-11-30",
  description: "某高校课题组的一项高温合金专利，经需求调研后许可给本地一家装备企业实施，我负责对接、尽调与谈判。",
  ...over,
});

async function traineeAtCenter() {
  const d = await db();
  const region = await makeRegion(d);
  const center = await makeOrganization(d, region.id);
  const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
  return { d, region, center, trainee, actor: await actorFor(d, trainee.id) };
}

const setStatus = async (caseId: string, status: "approved" | "returned") =>
  (await db())
    .update(portfolioCases)
    .set({ status, reviewComment: status === "returned" ? "请补充合同扫描件" : null })
    .where(eq(portfolioCases.id, caseId));

describe("a trainee's cases", () => {
  test("a new case waits for review; only its owner finds it", async () => {
    const { d, actor, center } = await traineeAtCenter();
    const caseId = await createCase(d, actor, input());
    expect(await listOwnCases(d, actor.id)).toMatchObject([
      { id: caseId, status: "submitted", amountFen: 125_000_000, files: 0 },
    ]);
    const other = await actorFor(d, (await makeUser(d, { role: "trainee", organizationId: center.id })).id);
    await expect(getOwnCase(d, other.id, caseId)).rejects.toMatchObject({ status: 404 });
    await expect(updateCase(d, other, caseId, input({ title: "改掉" }))).rejects.toMatchObject({ status: 404 });
  });

  test("only trainees record cases", async () => {
    const { d, center } = await traineeAtCenter();
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    await expect(createCase(d, staff, input())).rejects.toMatchObject({ status: 403 });
  });

  test("editing a submitted case keeps it submitted; editing a returned one re-submits it; an approved one is frozen", async () => {
    const { d, actor } = await traineeAtCenter();
    const caseId = await createCase(d, actor, input());
    expect(await updateCase(d, actor, caseId, input({ title: "改名后的案例" }))).toEqual({
      ok: true,
      resubmitted: false,
    });
    await setStatus(caseId, "returned");
    expect(await updateCase(d, actor, caseId, input({ amountFen: 130_000_000 }))).toEqual({
      ok: true,
      resubmitted: true,
    });
    expect((await getOwnCase(d, actor.id, caseId)).case).toMatchObject({ status: "submitted", amountFen: 130_000_000 });
    await setStatus(caseId, "approved");
    expect(await updateCase(d, actor, caseId, input({ title: "偷偷改" }))).toEqual({
      ok: false,
      message: "portfolio.errors.frozen",
    });
    expect(await addEvidence(d, actor, caseId, [{ name: "a.pdf", bytes: samples.pdf }])).toEqual({
      ok: false,
      message: "portfolio.errors.frozen",
    });
    // The frozen case is as it was approved.
    expect((await getOwnCase(d, actor.id, caseId)).case).toMatchObject({
      title: "高校专利许可给本地装备企业",
      amountFen: 130_000_000,
      status: "approved",
    });
  });
});

describe("evidence files", () => {
  test("PDF, PNG, JPEG and WebP are stored with the type read from their bytes; a retried upload is stored once", async () => {
    const { d, actor } = await traineeAtCenter();
    const caseId = await createCase(d, actor, input());
    const files = [
      { name: "合同.pdf", bytes: samples.pdf },
      { name: "现场.png", bytes: samples.png },
      { name: "photo.jpg", bytes: samples.jpeg },
      // Named as a PDF, but it is a WebP image: stored as what it is.
      { name: "scan.pdf", bytes: samples.webp },
    ];
    expect(await addEvidence(d, actor, caseId, files)).toEqual({ ok: true, added: 4 });
    expect(await addEvidence(d, actor, caseId, files)).toEqual({ ok: true, added: 0 });
    const { evidence } = await getOwnCase(d, actor.id, caseId);
    expect(evidence.map((e) => [e.fileName, e.mimeType]).sort()).toEqual(
      [
        ["合同.pdf", "application/pdf"],
        ["现场.png", "image/png"],
        ["photo.jpg", "image/jpeg"],
        ["scan.webp", "image/webp"],
      ].sort(),
    );
  });

  test("a program or a web page renamed .pdf is refused, and nothing of that upload is kept", async () => {
    const { d, actor } = await traineeAtCenter();
    const caseId = await createCase(d, actor, input());
    expect(
      await addEvidence(d, actor, caseId, [
        { name: "合同.pdf", bytes: samples.pdf },
        { name: "setup.pdf", bytes: forged.exe },
      ]),
    ).toEqual({ ok: false, message: "portfolio.errors.fileType", values: { file: "setup.pdf" } });
    expect(await addEvidence(d, actor, caseId, [{ name: "page.pdf", bytes: forged.html }])).toMatchObject({
      ok: false,
      message: "portfolio.errors.fileType",
    });
    expect(await d.select().from(caseEvidence).where(eq(caseEvidence.caseId, caseId))).toEqual([]);
  });

  test("a file over 5 MB, an empty file, and an eleventh file are refused", async () => {
    const { d, actor } = await traineeAtCenter();
    const caseId = await createCase(d, actor, input());
    const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1);
    big.set(samples.pdf);
    expect(await addEvidence(d, actor, caseId, [{ name: "big.pdf", bytes: big }])).toEqual({
      ok: false,
      message: "portfolio.errors.fileTooLarge",
      values: { file: "big.pdf" },
    });
    const atLimit = new Uint8Array(MAX_EVIDENCE_BYTES);
    atLimit.set(samples.pdf);
    expect(await addEvidence(d, actor, caseId, [{ name: "limit.pdf", bytes: atLimit }])).toEqual({
      ok: true,
      added: 1,
    });
    expect(await addEvidence(d, actor, caseId, [{ name: "empty.pdf", bytes: new Uint8Array() }])).toMatchObject({
      message: "portfolio.errors.fileEmpty",
    });
    // Nine more distinct files make ten; the eleventh is one too many.
    const distinct = (i: number) => ({ name: `p${i}.pdf`, bytes: new Uint8Array([...samples.pdf, i]) });
    expect(
      await addEvidence(
        d,
        actor,
        caseId,
        Array.from({ length: 9 }, (_, i) => distinct(i)),
      ),
    ).toEqual({ ok: true, added: 9 });
    expect(await addEvidence(d, actor, caseId, [distinct(99)])).toEqual({
      ok: false,
      message: "portfolio.errors.tooManyFiles",
      values: { max: 10 },
    });
  });

  test("changing the evidence of a returned case re-submits it", async () => {
    const { d, actor } = await traineeAtCenter();
    const caseId = await createCase(d, actor, input());
    await addEvidence(d, actor, caseId, [{ name: "a.pdf", bytes: samples.pdf }]);
    await setStatus(caseId, "returned");
    const [file] = (await getOwnCase(d, actor.id, caseId)).evidence;
    expect(await deleteEvidence(d, actor, caseId, file!.id)).toEqual({ ok: true, resubmitted: true });
    expect((await getOwnCase(d, actor.id, caseId)).case.status).toBe("submitted");
    await setStatus(caseId, "returned");
    await addEvidence(d, actor, caseId, [{ name: "b.png", bytes: samples.png }]);
    expect((await getOwnCase(d, actor.id, caseId)).case.status).toBe("submitted");
  });

  test("a file is downloadable by its owner, their center's staff, the region's admin and platform admins only", async () => {
    const { d, region, center, actor } = await traineeAtCenter();
    const caseId = await createCase(d, actor, input());
    await addEvidence(d, actor, caseId, [{ name: "合同.pdf", bytes: samples.pdf }]);
    const [file] = (await getOwnCase(d, actor.id, caseId)).evidence;
    const otherCenter = await makeOrganization(d, region.id);
    const otherRegion = await makeRegion(d);
    const who = {
      staff: await makeUser(d, { role: "center_staff", organizationId: center.id }),
      regionAdmin: await makeUser(d, { role: "region_admin", regionId: region.id }),
      platformAdmin: await makeUser(d, { role: "platform_admin" }),
      otherStaff: await makeUser(d, { role: "center_staff", organizationId: otherCenter.id }),
      otherRegionAdmin: await makeUser(d, { role: "region_admin", regionId: otherRegion.id }),
      fellowTrainee: await makeUser(d, { role: "trainee", organizationId: center.id }),
    };
    const owner = await evidenceForDownload(d, actor, file!.id);
    expect(owner).toMatchObject({ fileName: "合同.pdf", mimeType: "application/pdf", size: samples.pdf.byteLength });
    expect([...owner.data]).toEqual([...samples.pdf]);
    for (const allowed of [who.staff, who.regionAdmin, who.platformAdmin])
      expect((await evidenceForDownload(d, await actorFor(d, allowed.id), file!.id)).fileName).toBe("合同.pdf");
    for (const refused of [who.otherStaff, who.otherRegionAdmin, who.fellowTrainee])
      await expect(evidenceForDownload(d, await actorFor(d, refused.id), file!.id)).rejects.toMatchObject({
        status: 404,
      });
  });
});
