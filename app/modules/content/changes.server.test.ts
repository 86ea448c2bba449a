import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { auditLog, examAttempts, questions, questionVersions } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { at, noneHeld, readyTrainee, sitting, t0 } from "../../../tests/setup/exam-fixture";
import { actorFor, makeOrganization, makeUser } from "../../../tests/setup/factories";
import { startAttempt } from "~/modules/exams/index.server";
import { db } from "~/utils/db.server";
import { drawPool } from "./bank.server";
import { getChange, publishChange, reviewChange, saveDraft, submitChange } from "./changes.server";
import { questionAtVersion } from "./question-changes.server";

beforeAll(() => syncFixtureContent());

async function team() {
  const d = await db();
  const body = await makeOrganization(d, null, "certification_body");
  const editor = await actorFor(d, (await makeUser(d, { role: "content_editor", organizationId: body.id })).id);
  const editor2 = await actorFor(d, (await makeUser(d, { role: "content_editor", organizationId: body.id })).id);
  const reviewer = await actorFor(d, (await makeUser(d, { role: "content_reviewer", organizationId: body.id })).id);
  const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
  return { d, editor, editor2, reviewer, admin };
}

async function questionId(externalId: string) {
  const [row] = await (await db()).select().from(questions).where(eq(questions.externalId, externalId));
  return row!;
}

async function edited(externalId: string, stem: string) {
  const q = await questionId(externalId);
  const current = await questionAtVersion(await db(), q.id, null);
  return { q, payload: { levelSlug: "junior", topic: "law", question: { ...current!.question, stem } } };
}

function ok<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}

describe("the change workflow", () => {
  test("draft → submitted → approved → published makes a new version; every step is audited", async () => {
    const { d, editor, reviewer, admin } = await team();
    const { q, payload } = await edited("law-003", "协议定价的，应当在本单位公示拟交易价格。");
    const saved = ok(await saveDraft(d, editor, { kind: "question", action: "update", targetId: q.id, baseVersion: q.currentVersion, payload }));
    ok(await submitChange(d, editor, saved.change.id));
    ok(await reviewChange(d, reviewer, saved.change.id, { approve: true }));
    const published = ok(await publishChange(d, admin, saved.change.id));
    expect(published.change).toMatchObject({ status: "published", resultVersion: q.currentVersion + 1 });

    const [after] = await d.select().from(questions).where(eq(questions.id, q.id));
    expect(after!.currentVersion).toBe(q.currentVersion + 1);
    const [version] = await d
      .select()
      .from(questionVersions)
      .where(and(eq(questionVersions.questionId, q.id), eq(questionVersions.version, after!.currentVersion)));
    expect(version).toMatchObject({ origin: "app", content: { stem: "协议定价的，应当在本单位公示拟交易价格。" } });

    const actions = (await d.select().from(auditLog).where(eq(auditLog.targetId, saved.change.id))).map((a) => a.action).sort();
    expect(actions).toEqual(["content_change.approved", "content_change.published", "content_change.save", "content_change.submitted"]);

    // The side-by-side diff has both versions' text.
    const view = await getChange(d, admin, saved.change.id);
    expect(view.before).toContain("协议定价的，应当在本单位公示。");
    expect(view.after).toContain("拟交易价格");
  });

  test("a reviewer never approves their own change; editors cannot review at all", async () => {
    const { d, editor, reviewer } = await team();
    const { q, payload } = await edited("law-004", "转让净收入中提取不低于百分之____用于奖励和报酬。");
    const own = ok(await saveDraft(d, reviewer, { kind: "question", action: "update", targetId: q.id, baseVersion: q.currentVersion, payload }));
    ok(await submitChange(d, reviewer, own.change.id));
    expect(await reviewChange(d, reviewer, own.change.id, { approve: true })).toMatchObject({ ok: false, message: "authoring.problems.ownChange" });
    await expect(reviewChange(d, editor, own.change.id, { approve: true })).rejects.toMatchObject({ status: 403 });
    // Nor may anyone but a platform admin publish.
    await expect(publishChange(d, reviewer, own.change.id)).rejects.toMatchObject({ status: 403 });
  });

  test("a change returned with a comment goes back to its author, who revises and resubmits it", async () => {
    const { d, editor, reviewer } = await team();
    const { q, payload } = await edited("law-005", "说明作价投资的步骤。");
    const saved = ok(await saveDraft(d, editor, { kind: "question", action: "update", targetId: q.id, baseVersion: q.currentVersion, payload }));
    ok(await submitChange(d, editor, saved.change.id));
    expect(await reviewChange(d, reviewer, saved.change.id, { approve: false })).toMatchObject({ ok: false, field: "comment" });
    const returned = ok(await reviewChange(d, reviewer, saved.change.id, { approve: false, comment: "请补充“主要”二字。" }));
    expect(returned.change).toMatchObject({ status: "returned", reviewComment: "请补充“主要”二字。" });
    const revised = ok(
      await saveDraft(d, editor, { kind: "question", action: "update", changeId: saved.change.id, revision: saved.change.revision, targetId: q.id, payload: (await edited("law-005", "说明作价投资的主要步骤与程序。")).payload }),
    );
    expect(revised.change).toMatchObject({ status: "draft", revision: 2 });
    expect(ok(await submitChange(d, editor, saved.change.id)).change.status).toBe("submitted");
  });

  test("two editors on the same item: the second is told it changed since they opened it", async () => {
    const { d, editor, editor2, reviewer, admin } = await team();
    const q = await questionId("law-002");
    const first = ok(await saveDraft(d, editor, { kind: "question", action: "update", targetId: q.id, baseVersion: q.currentVersion, payload: (await edited("law-002", "以下哪些属于第十六条规定的转化方式？")).payload }));
    const second = ok(await saveDraft(d, editor2, { kind: "question", action: "update", targetId: q.id, baseVersion: q.currentVersion, payload: (await edited("law-002", "下列哪些是转化方式？")).payload }));
    for (const id of [first.change.id, second.change.id]) {
      ok(await submitChange(d, id === first.change.id ? editor : editor2, id));
      ok(await reviewChange(d, reviewer, id, { approve: true }));
    }
    ok(await publishChange(d, admin, first.change.id));
    expect(await publishChange(d, admin, second.change.id)).toMatchObject({ ok: false, message: "authoring.problems.stale" });
    // Opening the old version and saving is refused too, as is saving an older copy of one's own draft.
    expect(
      await saveDraft(d, editor2, { kind: "question", action: "update", targetId: q.id, baseVersion: q.currentVersion, payload: (await edited("law-002", "另一处修改？")).payload }),
    ).toMatchObject({ ok: false, message: "authoring.problems.stale" });
    const [version] = await d.select().from(questions).where(eq(questions.id, q.id));
    expect(version!.currentVersion).toBe(q.currentVersion + 1);
  });

  test("a running attempt keeps the version it drew; a retired question is never drawn again", async () => {
    const { d, editor, reviewer, admin } = await team();
    const { trainee } = await readyTrainee();
    const started = await startAttempt(d, trainee.id, "junior", { held: noneHeld, now: t0 });
    if (!started.ok) throw new Error("not started");
    const q = await questionId("law-001");
    const [attemptBefore] = await d.select().from(examAttempts).where(eq(examAttempts.id, started.attemptId));

    const { payload } = await edited("law-001", "《民法典》规定的技术合同有几类？");
    const change = ok(await saveDraft(d, editor, { kind: "question", action: "update", targetId: q.id, baseVersion: q.currentVersion, payload }));
    ok(await submitChange(d, editor, change.change.id));
    ok(await reviewChange(d, reviewer, change.change.id, { approve: true }));
    ok(await publishChange(d, admin, change.change.id));

    const [attemptAfter] = await d.select().from(examAttempts).where(eq(examAttempts.id, started.attemptId));
    expect(attemptAfter!.items).toEqual(attemptBefore!.items);
    const { find } = await sitting(d, trainee.id, started.attemptId, at(1));
    expect(find("single").content).toMatchObject({ stem: "技术合同有几类？" });

    const retire = ok(await saveDraft(d, editor, { kind: "question", action: "retire", targetId: q.id, baseVersion: q.currentVersion + 1, payload: {} }));
    ok(await submitChange(d, editor, retire.change.id));
    ok(await reviewChange(d, reviewer, retire.change.id, { approve: true }));
    ok(await publishChange(d, admin, retire.change.id));
    expect((await drawPool(d, "junior")).map((e) => e.questionId)).not.toContain(q.id);
    // The app syncs the files at every start; the file still holds the question, and it stays retired.
    await syncFixtureContent();
    expect((await drawPool(d, "junior")).map((e) => e.questionId)).not.toContain(q.id);
  });

  test("a new question is drawn once published, never while a draft; a taken id is refused at publishing", async () => {
    const { d, editor, reviewer, admin } = await team();
    const question = { id: "law-101", type: "true_false", difficulty: 2, stem: "技术许可合同应当采用书面形式。", answer: true, explanation: "民法典第八百五十一条。" };
    const saved = ok(await saveDraft(d, editor, { kind: "question", action: "create", payload: { levelSlug: "junior", topic: "law", question } }));
    const before = await drawPool(d, "junior");
    ok(await submitChange(d, editor, saved.change.id));
    ok(await reviewChange(d, reviewer, saved.change.id, { approve: true }));
    const published = ok(await publishChange(d, admin, saved.change.id));
    const pool = await drawPool(d, "junior");
    expect(pool.length).toBe(before.length + 1);
    expect(pool.map((e) => e.questionId)).toContain(published.change.targetId);

    const again = ok(await saveDraft(d, editor, { kind: "question", action: "create", payload: { levelSlug: "junior", topic: "law", question } }));
    ok(await submitChange(d, editor, again.change.id));
    ok(await reviewChange(d, reviewer, again.change.id, { approve: true }));
    expect(await publishChange(d, admin, again.change.id)).toMatchObject({ ok: false, field: "id", message: "authoring.problems.idTaken" });
  });

  test("an invalid question is refused with the field it is about", async () => {
    const { d, editor } = await team();
    const question = { id: "law-102", type: "single", difficulty: 2, stem: "？", options: ["甲", "乙"], answer: 5, explanation: "无" };
    expect(await saveDraft(d, editor, { kind: "question", action: "create", payload: { levelSlug: "junior", topic: "law", question } })).toMatchObject({
      ok: false,
      field: "answer",
    });
  });
});
