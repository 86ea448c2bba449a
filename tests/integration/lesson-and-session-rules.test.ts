import { beforeAll, describe, expect, test } from "vitest";
import { fixtureFiles, syncFixtureContent } from "../setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/index.server";
import { heldLevelsOf } from "~/modules/certificates/index.server";
import { scheduleExamSession } from "~/modules/exams/index.server";
import { enrol, recordHeartbeat } from "~/modules/learning/index.server";
import { inboxOf } from "~/modules/notifications/index.server";
import * as lessonRoute from "~/routes/learn.courses.$course.$lesson";
import * as sessionsRoute from "~/routes/manage.organizations.$orgId.exam-sessions";
import { db } from "~/utils/db.server";

const BASE = "http://localhost:3000";

// The fixture's law course in order; levels.yaml's lesson rule is the built-in default (half the estimate, the
// self-check answered).
const files = fixtureFiles();
files["content/courses/junior/law/course.md"] = files["content/courses/junior/law/course.md"]!.replace(
  "objectives:",
  "sequential: true\nobjectives:",
);
beforeAll(() => syncFixtureContent(files));

/** What a Remix handler returned: a Response, or data() with its status. */
async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body: unknown }> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response) return { status: value.status, body: await value.text() };
  const wrapped = value as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (wrapped?.type === "DataWithResponseInit") return { status: wrapped.init?.status ?? 200, body: wrapped.data };
  return { status: 200, body: value };
}

async function cookieOf(userId: string) {
  const { token } = await createSession(await db(), userId);
  return `tma_session=${token}`;
}

function post(url: string, cookie: string, fields: Record<string, string>) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return new Request(url, { method: "POST", headers: { Cookie: cookie }, body });
}

describe("marking a lesson complete (the lesson page)", () => {
  test("refused with what is missing until studied, self-checked and in order; then on to the next lesson", async () => {
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    await enrol(d, trainee.id, "law", heldLevelsOf(d, trainee.id));
    const cookie = await cookieOf(trainee.id);
    const page = (lesson: string) => `${BASE}/learn/courses/law/${lesson}`;
    const open = async (lesson: string) => {
      const loaded = (await lessonRoute.loader({
        request: new Request(page(lesson), { headers: { Cookie: cookie } }),
        params: { course: "law", lesson },
        context: {},
      })) as Awaited<ReturnType<typeof lessonRoute.loader>>;
      return loaded;
    };
    const complete = (lesson: string, lessonId: string, next?: string) =>
      outcome(() =>
        lessonRoute.action({
          request: post(next ? `${page(lesson)}?next=${next}` : page(lesson), cookie, { intent: "complete", lessonId }),
          params: { course: "law", lesson },
          context: {},
        }),
      );

    // The second lesson first: the course is in order.
    const second = await open("rewards");
    expect(second.blockers.map((b) => b.kind)).toEqual(["order", "time", "selfCheck"]);
    const early = await complete("rewards", second.lesson.id);
    expect(early.status).toBe(409);
    expect((early.body as { blockers: { kind: string }[] }).blockers[0]).toMatchObject({
      kind: "order",
      lesson: { slug: "five-ways" },
    });

    // The first lesson at once: the time and the self-check are missing.
    const first = await open("five-ways");
    expect(await complete("five-ways", first.lesson.id)).toEqual({
      status: 409,
      body: {
        blockers: [
          { kind: "time", secondsLeft: 300, minutesLeft: 5 },
          { kind: "selfCheck", unanswered: 1 },
        ],
      },
    });
    await lessonRoute.action({
      request: post(page("five-ways"), cookie, {
        intent: "self-check",
        lessonId: first.lesson.id,
        question: "0",
        choice: "2",
      }),
      params: { course: "law", lesson: "five-ways" },
      context: {},
    });
    expect((await complete("five-ways", first.lesson.id)).body).toEqual({
      blockers: [{ kind: "time", secondsLeft: 300, minutesLeft: 5 }],
    });
    // Five minutes of reading later (the heartbeat arrives with the server's clock moved on).
    await recordHeartbeat(d, {
      userId: trainee.id,
      lessonId: first.lesson.id,
      seconds: 300,
      now: new Date(Date.now() + 301_000),
    });
    const done = await complete("five-ways", first.lesson.id, "rewards");
    expect(done.status).toBe(302);
    expect((await open("five-ways")).progress.completed).toBe(true);
    // The order is satisfied now: only the second lesson's own time and self-check remain.
    expect((await open("rewards")).blockers.map((b) => b.kind)).toEqual(["time", "selfCheck"]);
  });
});

describe("changing an exam session (the center's sessions page)", () => {
  test("a bad time is refused with a message; a move tells the candidate once", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const org = await makeOrganization(d, region.id);
    const staffUser = await makeUser(d, { role: "center_staff", organizationId: org.id });
    const trainee = await makeUser(d, { role: "trainee", organizationId: org.id });
    const opensAt = new Date(Date.now() + 7 * 86_400_000);
    const scheduled = await scheduleExamSession(
      d,
      await actorFor(d, staffUser.id),
      { id: org.id, regionId: region.id },
      {
        levelSlug: "junior",
        name: "初级第二场",
        location: "太原 301",
        opensAt,
        closesAt: new Date(opensAt.getTime() + 2 * 3_600_000),
        cohortId: null,
        traineeIds: [trainee.id],
      },
    );
    if (!scheduled.ok) throw new Error("not scheduled");
    const cookie = await cookieOf(staffUser.id);
    const url = `${BASE}/manage/organizations/${org.id}/exam-sessions`;
    const change = (fields: Record<string, string>) =>
      outcome(() =>
        sessionsRoute.action({
          request: post(url, cookie, { intent: "reschedule", sessionId: scheduled.sessionId, ...fields }),
          params: { orgId: org.id },
          context: {},
        }),
      );
    const bad = await change({ opensAt: "2026-13-40T25:00", closesAt: "2026-12-10T11:00", location: "" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("validation.session.time");
    const backwards = await change({ opensAt: "2030-12-10T11:00", closesAt: "2030-12-10T09:00", location: "" });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain("validation.session.closesBeforeOpens");
    expect(await inboxOf(d, trainee.id)).toEqual([]);

    const moved = await change({ opensAt: "2030-12-10T09:00", closesAt: "2030-12-10T11:00", location: "太原 502" });
    expect(moved).toMatchObject({ status: 200, body: { intent: "reschedule", changed: true } });
    expect((await inboxOf(d, trainee.id)).map((n) => n.kind)).toEqual(["session_changed"]);

    // Another center's staff: refused.
    const strangerOrg = await makeOrganization(d, region.id);
    const stranger = await makeUser(d, { role: "center_staff", organizationId: strangerOrg.id });
    const refused = await outcome(async () =>
      sessionsRoute.action({
        request: post(url, await cookieOf(stranger.id), {
          intent: "reschedule",
          sessionId: scheduled.sessionId,
          opensAt: "2030-12-11T09:00",
          closesAt: "2030-12-11T11:00",
          location: "",
        }),
        params: { orgId: org.id },
        context: {},
      }),
    );
    expect(refused.status).toBe(403);
    expect(await inboxOf(d, trainee.id)).toHaveLength(1);
  });
});
