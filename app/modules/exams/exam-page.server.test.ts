import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { examAttempts } from "#db/schema";
import { currentLevelVersion } from "~/modules/content/index.server";
import { syncFixtureContent } from "../../../tests/setup/content-fixture";
import { at, noneHeld, readyTrainee, t0 } from "../../../tests/setup/exam-fixture";
import { hashDeviceToken } from "./integrity.server";
import { examOf } from "./settings.server";
import { shownQuestion } from "./shown";
import { attemptForCandidate, attemptPageFor } from "./sitting.server";
import { startAttempt } from "./start.server";

beforeAll(() => syncFixtureContent());

const phone = hashDeviceToken("page-phone-token")!;
const laptop = hashDeviceToken("page-laptop-token")!;

async function startedOn(device: string | null) {
  const { d, trainee } = await readyTrainee();
  const result = await startAttempt(d, trainee.id, "junior", {
    held: noneHeld,
    now: t0,
    access: { ip: "10.0.0.5" },
    deviceHash: device,
  });
  if (!result.ok) throw new Error(`not started: ${JSON.stringify(result)}`);
  return { d, userId: trainee.id, attemptId: result.attemptId };
}

describe("the exam page", () => {
  test("shows the questions to the browser holding the attempt and asks another browser to continue there", async () => {
    const { d, userId, attemptId } = await startedOn(phone);
    const exam = await examOf(d, "junior");
    const page = (deviceHash: string | null) => attemptPageFor(d, { userId, attemptId, deviceHash, now: at(1) });
    const held = await page(phone);
    expect(held.status).toBe("open");
    expect(held.items).toHaveLength(exam.sections.reduce((n, s) => n + s.draw, 0));
    expect(held.integrity.device).toEqual({ state: "bound" });
    expect(held.graded).toBeNull();
    expect((await page(laptop)).integrity.device).toEqual({ state: "other", request: null });
    expect((await page(null)).integrity.device).toEqual({ state: "other", request: null });
  });

  test("an attempt bound to no browser yet is bound to the first one that opens it", async () => {
    const { d, userId, attemptId } = await startedOn(null);
    const first = await attemptPageFor(d, { userId, attemptId, deviceHash: laptop, now: at(1) });
    expect(first.integrity.device).toEqual({ state: "bound" });
    const second = await attemptPageFor(d, { userId, attemptId, deviceHash: phone, now: at(2) });
    expect(second.integrity.device).toEqual({ state: "other", request: null });
  });

  test("opened past its deadline, the attempt is closed and graded, and no browser is asked to continue", async () => {
    const { d, userId, attemptId } = await startedOn(phone);
    const late = await attemptPageFor(d, { userId, attemptId, deviceHash: laptop, now: at(24 * 60) });
    expect(late.status).not.toBe("open");
    expect(late.graded).toMatchObject({ attemptId, userId, levelSlug: "junior" });
    expect(late.integrity.device).toEqual({ state: "bound" });
  });

  test("the page's questions, put in the attempt's option order, are the questions as the candidate sees them, with no key", async () => {
    const { d, userId, attemptId } = await startedOn(phone);
    const page = await attemptPageFor(d, { userId, attemptId, deviceHash: phone, now: at(1) });
    expect(page.questions).not.toMatch(/"answer"|"accepted"|"correct"|rubric|explanation/);
    const shown = (JSON.parse(page.questions) as Parameters<typeof shownQuestion>[0][]).map((content, i) =>
      shownQuestion(content, page.items[i]!.optionOrders),
    );
    const candidate = await attemptForCandidate(d, userId, attemptId, at(1));
    expect(shown).toEqual(candidate.items.map((item) => item.content));
    // Another browser, and a closed attempt's page, are sent no questions.
    expect((await attemptPageFor(d, { userId, attemptId, deviceHash: laptop, now: at(2) })).questions).toBe("[]");
    const late = await attemptPageFor(d, { userId, attemptId, deviceHash: phone, now: at(24 * 60) });
    expect(late.status).not.toBe("open");
    expect(late.questions).toBe("[]");
  });

  test("someone else's attempt is not found", async () => {
    const { d, attemptId } = await startedOn(phone);
    const { trainee: stranger } = await readyTrainee();
    await expect(
      attemptPageFor(d, { userId: stranger.id, attemptId, deviceHash: phone, now: at(1) }),
    ).rejects.toMatchObject({ status: 404 });
  });

  test("a new attempt keeps the version of the level's rules it was started under", async () => {
    const { d, attemptId } = await startedOn(phone);
    const [row] = await d
      .select({ levelVersion: examAttempts.levelVersion })
      .from(examAttempts)
      .where(eq(examAttempts.id, attemptId));
    expect(row!.levelVersion).toBe(await currentLevelVersion(d, "junior"));
  });
});
