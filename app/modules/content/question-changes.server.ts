import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { stringify as stringifyYaml } from "yaml";
import { z } from "zod";
import type { DbOrTx } from "#db/client";
import { questions, questionTopics, questionVersions } from "#db/schema";
import { failure, fieldFailure } from "~/utils/failure";
import type { ChangeKind } from "./change-kind";
import { canonical, parseQuestion } from "./question-input";
import { joinQuestion } from "./question-join";
import { splitQuestion, type QuestionContent, type QuestionKey } from "./question-parts";
import type { Question } from "./question-schemas";

/** A question change's payload: where the question lives and the question in the files' shape. */
export type QuestionPayload = { levelSlug: string; topic: string; question: Question } | { retire: true };

const placeSchema = z.object({ levelSlug: z.string().min(1).max(32), topic: z.string().min(1).max(80), question: z.unknown() });

/** The same hash the sync gives a question read from a file, so a file and an app edit can be compared. */
export const questionHash = (question: Question) => createHash("sha256").update(canonical(question)).digest("hex");

async function identityOf(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ levelSlug: questions.levelSlug, topic: questions.topic, externalId: questions.externalId, currentVersion: questions.currentVersion, retiredAt: questions.retiredAt })
    .from(questions)
    .where(eq(questions.id, id));
  return row ?? null;
}

/** A version of a question back in the files' shape. */
export async function questionAtVersion(db: DbOrTx, id: string, version: number | null) {
  const identity = await identityOf(db, id);
  if (!identity) return null;
  const [row] = await db
    .select({ difficulty: questionVersions.difficulty, content: questionVersions.content, key: questionVersions.key, version: questionVersions.version })
    .from(questionVersions)
    .where(and(eq(questionVersions.questionId, id), eq(questionVersions.version, version ?? identity.currentVersion)));
  if (!row) return null;
  return {
    ...identity,
    version: row.version,
    question: joinQuestion(identity.externalId, row.difficulty, row.content as QuestionContent, row.key as QuestionKey),
  };
}

const render = (p: { levelSlug: string; topic: string; question: Question }) =>
  `# ${p.levelSlug}/${p.topic}\n${stringifyYaml(JSON.parse(JSON.stringify(p.question)) as unknown, { lineWidth: 0 })}`;

export const questionChanges: ChangeKind<QuestionPayload> = {
  parse(action, payload) {
    if (action === "retire") return { ok: true, value: { retire: true } };
    const place = placeSchema.safeParse(payload);
    if (!place.success) return failure("authoring.problems.place");
    const parsed = parseQuestion(place.data.question);
    if (!parsed.ok) {
      const first = parsed.problems[0]!;
      return fieldFailure(first.field, first.message, first.values);
    }
    return { ok: true, value: { levelSlug: place.data.levelSlug, topic: place.data.topic, question: parsed.question } };
  },

  async label(db, _action, targetId, payload) {
    if ("question" in payload) return `${payload.levelSlug}/${payload.topic}/${payload.question.id}`;
    const identity = targetId ? await identityOf(db, targetId) : null;
    return identity ? `${identity.levelSlug}/${identity.topic}/${identity.externalId}` : "—";
  },

  async currentVersion(db, targetId) {
    return (await identityOf(db, targetId))?.currentVersion ?? null;
  },

  async apply(tx, change, now) {
    if (change.action === "retire") {
      const identity = await identityOf(tx, change.targetId!);
      if (!identity) return failure("errors.notFound");
      // Retired questions are never drawn (drawPool skips them); attempts keep the versions they drew.
      await tx.update(questions).set({ retiredAt: now }).where(eq(questions.id, change.targetId!));
      // Marked as the app's decision, so that the next sync from files (at every start) keeps it retired.
      await tx
        .update(questionVersions)
        .set({ origin: "app" })
        .where(and(eq(questionVersions.questionId, change.targetId!), eq(questionVersions.version, identity.currentVersion)));
      return { ok: true, targetId: change.targetId!, version: identity.currentVersion };
    }
    if (!("question" in change.payload)) return failure("authoring.problems.place");
    const { levelSlug, topic, question } = change.payload;
    const [topicRow] = await tx
      .select({ module: questionTopics.module })
      .from(questionTopics)
      .where(and(eq(questionTopics.levelSlug, levelSlug), eq(questionTopics.topic, topic)));
    if (!topicRow) return fieldFailure("topic", "authoring.problems.topic");
    const { content, key, pointsTenths } = splitQuestion(question);
    const version = {
      type: question.type,
      difficulty: question.difficulty,
      pointsTenths,
      content,
      key,
      contentHash: questionHash(question),
      loadedAt: now,
      origin: "app" as const,
    };
    if (change.action === "create") {
      const [taken] = await tx
        .select({ id: questions.id })
        .from(questions)
        .where(and(eq(questions.levelSlug, levelSlug), eq(questions.topic, topic), eq(questions.externalId, question.id)));
      if (taken) return fieldFailure("id", "authoring.problems.idTaken", { id: question.id });
      const [created] = await tx
        .insert(questions)
        .values({ levelSlug, topic, externalId: question.id, module: topicRow.module, currentVersion: 1 })
        .returning({ id: questions.id });
      await tx.insert(questionVersions).values({ questionId: created!.id, version: 1, ...version });
      return { ok: true, targetId: created!.id, version: 1 };
    }
    const identity = await identityOf(tx, change.targetId!);
    if (!identity) return failure("errors.notFound");
    // A question keeps its place and id: its identity is what attempts, statistics and the files refer to.
    if (identity.levelSlug !== levelSlug || identity.topic !== topic || identity.externalId !== question.id)
      return fieldFailure("id", "authoring.problems.identity");
    const next = identity.currentVersion + 1;
    await tx.insert(questionVersions).values({ questionId: change.targetId!, version: next, ...version });
    await tx.update(questions).set({ currentVersion: next, retiredAt: null }).where(eq(questions.id, change.targetId!));
    return { ok: true, targetId: change.targetId!, version: next };
  },

  async snapshot(db, targetId, version) {
    const found = await questionAtVersion(db, targetId, version);
    return found ? render(found) : null;
  },

  render(payload) {
    return "question" in payload ? render(payload) : "";
  },
};
