import { makeUser } from "./factories";
import { finishFixtureJuniorStudy, openFixtureSession } from "./content-fixture";
import { attemptForCandidate } from "~/modules/exams/index.server";
import { db } from "~/utils/db.server";

/** Shared by the exams tests: a fixed clock, a trainee ready to sit the junior exam, and their sitting. */

export const t0 = new Date("2026-06-01T01:00:00Z");
export const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

/** No level held: the junior exam has no prerequisite, so its tests need none. */
export const noneHeld: ReadonlySet<string> = new Set();

/** A trainee who has completed the junior course and its hours, with an open session. */
export async function readyTrainee() {
  const d = await db();
  const trainee = await makeUser(d, { role: "trainee" });
  await finishFixtureJuniorStudy(trainee.id, t0);
  await openFixtureSession([trainee.id], at(-24 * 60), at(60 * 24 * 60));
  return { d, trainee };
}

/** The attempt's questions, and how to answer one as the candidate sees it. */
export async function sitting(d: Awaited<ReturnType<typeof db>>, userId: string, attemptId: string, now: Date) {
  const attempt = await attemptForCandidate(d, userId, attemptId, now);
  const find = (type: string) => attempt.items.find((i) => i.content.type === type)!;
  return { attempt, find };
}
