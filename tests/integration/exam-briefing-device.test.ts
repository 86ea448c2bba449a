import { beforeAll, describe, expect, test } from "vitest";
import { finishFixtureJuniorStudy, openFixtureSession, syncFixtureContent } from "../setup/content-fixture";
import { sitting, t0 } from "../setup/exam-fixture";
import { makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/index.server";
import * as briefingRoute from "~/routes/exams.briefing.$level";
import * as saveRoute from "~/routes/exams.attempts.$attemptId.save";
import { db } from "~/utils/db.server";

/**
 * Behind nginx a start may be sent twice: the copy that began the attempt was killed before it answered, and nginx
 * sends the same POST to another copy (docs/deployment.md, "Behind nginx"). The browser already holds its device
 * token from the briefing page, so the attempt is bound to that browser and its saves are accepted.
 */

const BASE = "http://localhost:3000";
beforeAll(() => syncFixtureContent());

interface Wrapped {
  type?: string;
  init?: { headers?: Record<string, string> };
}

function deviceCookieOf(result: unknown): string | null {
  const setCookie =
    result instanceof Response
      ? result.headers.get("Set-Cookie")
      : ((result as Wrapped | undefined)?.init?.headers?.["Set-Cookie"] ?? null);
  return setCookie?.match(/^tma_exam_device=[^;]+/)?.[0] ?? null;
}

describe("the exam briefing and the device token", () => {
  test("the briefing gives the token; a start sent twice binds the attempt to that browser, whose saves count", async () => {
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    await finishFixtureJuniorStudy(trainee.id, t0);
    await openFixtureSession([trainee.id], new Date(Date.now() - 3600_000), new Date(Date.now() + 3600_000));
    const { token } = await createSession(d, trainee.id);
    const session = `tma_session=${token}`;
    const params = { level: "junior" };

    const briefing = await briefingRoute.loader({
      request: new Request(`${BASE}/exams/briefing/junior`, { headers: { Cookie: session } }),
      params,
      context: {},
    });
    const device = deviceCookieOf(briefing);
    expect(device).toMatch(/^tma_exam_device=[A-Za-z0-9_-]{20,}$/);
    const cookie = `${session}; ${device}`;

    // The briefing page again, with the token: no new one.
    const again = await briefingRoute.loader({
      request: new Request(`${BASE}/exams/briefing/junior`, { headers: { Cookie: cookie } }),
      params,
      context: {},
    });
    expect(deviceCookieOf(again)).toBeNull();

    const start = () =>
      briefingRoute.action({
        request: new Request(`${BASE}/exams/briefing/junior`, {
          method: "POST",
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: "intent=start",
        }),
        params,
        context: { clientIp: "127.0.0.1" },
      }) as Promise<Response>;
    // The first answer is lost on its way (its copy died); the browser never saw it. The same POST comes again.
    const first = await start();
    const second = await start();
    expect(second.status).toBe(302);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(deviceCookieOf(second)).toBeNull();

    const attemptId = second.headers.get("Location")!.split("/").pop()!;
    const { find } = await sitting(d, trainee.id, attemptId, new Date());
    const saved = (await saveRoute.action({
      request: new Request(`${BASE}/exams/attempts/${attemptId}/save`, {
        method: "POST",
        headers: { Cookie: cookie, "Content-Type": "application/json" },
        body: JSON.stringify({ item: find("true_false").index, part: 0, response: true, seq: 1 }),
      }),
      params: { attemptId },
      context: {},
    })) as Response;
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ ok: true });
  });
});

describe("the briefing route's level", () => {
  test("a level that does not exist or has no exam is not found, for the page and the start; a bad start says so", async () => {
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    const { token } = await createSession(d, trainee.id);
    const cookie = `tma_session=${token}`;
    const page = (level: string) =>
      briefingRoute.loader({
        request: new Request(`${BASE}/exams/briefing/${level}`, { headers: { Cookie: cookie } }),
        params: { level },
        context: {},
      });
    const start = (level: string, body: string) =>
      briefingRoute.action({
        request: new Request(`${BASE}/exams/briefing/${level}`, {
          method: "POST",
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body,
        }),
        params: { level },
        context: { clientIp: "127.0.0.1" },
      });
    // The fixture's intermediate level has no exam.
    for (const level of ["nowhere", "intermediate"]) {
      await expect(page(level)).rejects.toMatchObject({ status: 404 });
      await expect(start(level, "intent=start")).rejects.toMatchObject({ status: 404 });
      await expect(start(level, "intent=other")).rejects.toMatchObject({ status: 404 });
    }
    expect(await start("junior", "intent=other")).toEqual({ reasons: ["invalid"] });
    // A start the rules refuse names them; an empty access code is no code.
    expect(await start("junior", "intent=start&accessCode=")).toEqual({
      reasons: ["study_incomplete", "no_session"],
    });
  });
});
