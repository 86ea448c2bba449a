import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { auditLog, contentChanges, questions } from "#db/schema";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { publishChange, reviewChange, saveDraft, type SaveDraftInput, saveNewDrafts, submitChange } from "./changes.server";
import { questionAtVersion } from "./question-changes.server";
import { searchQuestions } from "./question-editor.server";

beforeAll(() => syncFixtureContent());

/** Saves, submits, approves and publishes a change by three different people. */
async function published(input: SaveDraftInput) {
  const d = await db();
  const body = await makeOrganization(d, null, "certification_body");
  const author = await actorFor(d, (await makeUser(d, { role: "content_editor", organizationId: body.id })).id);
  const reviewer = await actorFor(d, (await makeUser(d, { role: "content_reviewer", organizationId: body.id })).id);
  const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
  const saved = await saveDraft(d, author, input);
  if (!saved.ok) throw new Error(`refused: ${saved.message}`);
  for (const step of [
    () => submitChange(d, author, saved.change.id),
    () => reviewChange(d, reviewer, saved.change.id, { approve: true }),
    () => publishChange(d, admin, saved.change.id),
  ]) {
    const outcome = await step();
    if (!outcome.ok) throw new Error(`refused: ${outcome.message}`);
  }
}

async function editor() {
  const d = await db();
  const body = await makeOrganization(d, null, "certification_body");
  return { d, editor: await actorFor(d, (await makeUser(d, { role: "content_editor", organizationId: body.id })).id) };
}

const ids = (rows: { externalId: string }[]) => rows.map((r) => r.externalId);

describe("the question bank's search", () => {
  test("text in the stem or the id, level, type and status filters narrow the list; the total counts them all", async () => {
    const { d, editor: actor } = await editor();
    const all = await searchQuestions(d, actor, {});
    expect(all.total).toBe(all.rows.length);
    expect(ids(all.rows)).toContain("law-001");

    expect(ids((await searchQuestions(d, actor, { text: "技术合同" })).rows)).toEqual(["law-001"]);
    expect(ids((await searchQuestions(d, actor, { text: "LAW-00" })).rows)).toEqual(
      ids(all.rows).filter((id) => id.startsWith("law-00")),
    );
    // A % typed into the box is a percent sign, not a wildcard.
    expect((await searchQuestions(d, actor, { text: "%" })).total).toBe(0);
    const multiple = await searchQuestions(d, actor, { level: "junior", type: "multiple" });
    expect(multiple.rows.length).toBeGreaterThan(0);
    expect(multiple.rows.every((r) => r.type === "multiple" && r.levelSlug === "junior")).toBe(true);
    expect((await searchQuestions(d, actor, { level: "no-such-level" })).total).toBe(0);
    // Past the last page the pager still knows how many there are.
    expect(await searchQuestions(d, actor, { page: 3 })).toMatchObject({ rows: [], total: all.total, page: 3 });
  });

  test("'with an open change' lists the questions a draft waits on (on PostgreSQL too: the target is text)", async () => {
    const { d, editor: actor } = await editor();
    expect(ids((await searchQuestions(d, actor, { status: "pending" })).rows)).not.toContain("law-003");
    const [q] = await d.select().from(questions).where(eq(questions.externalId, "law-003"));
    const current = await questionAtVersion(d, q!.id, null);
    const saved = await saveDraft(d, actor, {
      kind: "question",
      action: "update",
      targetId: q!.id,
      baseVersion: q!.currentVersion,
      payload: { levelSlug: "junior", topic: "law", question: { ...current!.question, stem: "协议定价的，应当公示拟交易价格。" } },
    });
    expect(saved.ok).toBe(true);
    const pending = await searchQuestions(d, actor, { status: "pending" });
    expect(ids(pending.rows)).toEqual(["law-003"]);
    expect(pending.total).toBe(1);
    expect(ids((await searchQuestions(d, actor, { status: "active", text: "law-003" })).rows)).toEqual(["law-003"]);
    expect((await searchQuestions(d, actor, { status: "retired" })).total).toBe(0);
  });
});

describe("the question bank and the files", () => {
  test("a question retired in the app stays retired after a sync from files; one created in the app stays live", async () => {
    const d = await db();
    const [q] = await d.select().from(questions).where(eq(questions.externalId, "law-002"));
    await published({ kind: "question", action: "retire", targetId: q!.id, baseVersion: q!.currentVersion, payload: {} });
    await published({
      kind: "question",
      action: "create",
      targetId: null,
      payload: {
        levelSlug: "junior",
        topic: "law",
        question: { id: "law-901", type: "true_false", difficulty: 1, stem: "技术合同认定登记实行属地管理。", answer: true, explanation: "应用内新增。" },
      },
    });
    // Every start syncs the files again: neither decision of the app is undone.
    await syncFixtureContent();
    const [retired] = await d.select().from(questions).where(eq(questions.externalId, "law-002"));
    expect(retired!.retiredAt).not.toBeNull();
    const [created] = await d.select().from(questions).where(eq(questions.externalId, "law-901"));
    expect(created).toMatchObject({ levelSlug: "junior", topic: "law", retiredAt: null });
  });
});

describe("many drafts at once (the import's commit)", () => {
  const create = (id: string) => ({
    kind: "question" as const,
    action: "create" as const,
    payload: { levelSlug: "junior", topic: "law", question: { id, type: "true_false", difficulty: 1, stem: `批量导入的题目 ${id}。`, answer: true, explanation: "批量。" } },
  });

  test("every row becomes a draft with its audit entry; one stale row refuses them all, naming it", async () => {
    const { d, editor: actor } = await editor();
    const before = (await d.select().from(contentChanges)).length;
    const [q] = await d.select().from(questions).where(eq(questions.externalId, "law-004"));
    const current = await questionAtVersion(d, q!.id, null);
    const stale = {
      kind: "question" as const,
      action: "update" as const,
      targetId: q!.id,
      baseVersion: q!.currentVersion - 1,
      payload: { levelSlug: "junior", topic: "law", question: current!.question },
    };
    expect(await saveNewDrafts(d, actor, [create("law-801"), stale])).toMatchObject({ ok: false, index: 1, message: "authoring.problems.stale" });
    expect((await d.select().from(contentChanges)).length).toBe(before);

    const saved = await saveNewDrafts(d, actor, [create("law-802"), create("law-803")]);
    if (!saved.ok) throw new Error(saved.message);
    expect(saved.changes.map((c) => [c.targetLabel, c.status, c.authorId])).toEqual([
      ["junior/law/law-802", "draft", actor.id],
      ["junior/law/law-803", "draft", actor.id],
    ]);
    const audited = await d.select().from(auditLog).where(eq(auditLog.actorId, actor.id));
    expect(audited.map((a) => [a.action, a.targetId]).sort()).toEqual(saved.changes.map((c) => ["content_change.save", c.id]).sort());
  });
});
