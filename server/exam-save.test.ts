import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { attemptAnswers } from "#db/schema";
import { finishFixtureJuniorStudy, openFixtureSession, syncFixtureContent } from "../tests/setup/content-fixture";
import { serveFastPath, STRICT_JSON_HEADERS, strictJsonHeadersOf } from "../tests/setup/fast-path-server";
import { noneHeld, sitting, t0 } from "../tests/setup/exam-fixture";
import { makeUser } from "../tests/setup/factories";
import { createSession } from "~/modules/auth/index.server";
import { hashDeviceToken, startAttempt } from "~/modules/exams/index.server";
import { db } from "~/utils/db.server";
import { answerExamSave } from "~/utils/exam-save.server";
import { examSaveFastPath } from "./exam-save";
import { REFUSED_TEXT } from "./request-limits";

const APP_URL = "https://academy.example.cn";
let base = "";
let close: () => Promise<void>;

beforeAll(async () => {
  await syncFixtureContent();
  const fastPath = examSaveFastPath(answerExamSave, { appUrl: APP_URL, trustProxy: true, production: true });
  ({ base, close } = await serveFastPath(fastPath));
});
afterAll(() => close());

const DEVICE = "device-token-of-this-browser-0123456789";

/** A trainee sitting the junior exam in the browser holding DEVICE, and the cookies that browser sends. */
async function candidate() {
  const d = await db();
  const trainee = await makeUser(d, { role: "trainee" });
  await finishFixtureJuniorStudy(trainee.id, t0);
  await openFixtureSession([trainee.id], new Date(Date.now() - 3600_000), new Date(Date.now() + 3600_000));
  const started = await startAttempt(d, trainee.id, "junior", {
    held: noneHeld,
    deviceHash: hashDeviceToken(DEVICE),
    access: { ip: "203.0.113.7" },
  });
  if (!started.ok) throw new Error("not started");
  const { token } = await createSession(d, trainee.id);
  const { find } = await sitting(d, trainee.id, started.attemptId, new Date());
  return {
    attemptId: started.attemptId,
    cookie: `tma_session=${token}; tma_exam_device=${DEVICE}`,
    trueFalse: find("true_false").index,
  };
}

function save(attemptId: string, body: string, headers: Record<string, string> = {}, path = "/save") {
  return fetch(`${base}/exams/attempts/${attemptId}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: APP_URL, ...headers },
    body,
  });
}

async function stored(attemptId: string) {
  const d = await db();
  return d
    .select({ item: attemptAnswers.item, response: attemptAnswers.response, seq: attemptAnswers.seq })
    .from(attemptAnswers)
    .where(eq(attemptAnswers.attemptId, attemptId));
}

describe("exam saves answered before Express", () => {
  test("the candidate's browser saves; a newer answer replaces it, a stale one does not; strict JSON headers", async () => {
    const { attemptId, cookie, trueFalse } = await candidate();
    const first = await save(attemptId, JSON.stringify({ item: trueFalse, part: 0, response: true, seq: 1 }), {
      Cookie: cookie,
      "Sec-Fetch-Site": "same-origin",
    });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/json");
    expect(strictJsonHeadersOf(first)).toEqual(STRICT_JSON_HEADERS);
    const body = (await first.json()) as { ok: boolean; seq: number; serverNow: string };
    expect(body).toMatchObject({ ok: true, seq: 1 });
    expect(Math.abs(Date.parse(body.serverNow) - Date.now())).toBeLessThan(60_000);

    await save(attemptId, JSON.stringify({ item: trueFalse, part: 0, response: false, seq: 3 }), { Cookie: cookie });
    const late = await save(attemptId, JSON.stringify({ item: trueFalse, part: 0, response: true, seq: 2 }), {
      Cookie: cookie,
    });
    expect(late.status).toBe(200);
    expect(await stored(attemptId)).toEqual([{ item: trueFalse, response: { value: false }, seq: 3 }]);
  });

  test("refusals say why: signed out 401, another browser 403, another person's attempt 404, bad input 400", async () => {
    const { attemptId, cookie, trueFalse } = await candidate();
    const answer = JSON.stringify({ item: trueFalse, part: 0, response: true, seq: 1 });

    const signedOut = await save(attemptId, answer);
    expect(signedOut.status).toBe(401);
    expect(await signedOut.json()).toMatchObject({ ok: false, reason: "unauthenticated" });

    const otherBrowser = await save(attemptId, answer, {
      Cookie: cookie.replace(DEVICE, "another-browser-token-0123456789abcdef"),
    });
    expect(otherBrowser.status).toBe(403);
    expect(await otherBrowser.json()).toMatchObject({ ok: false, reason: "device" });

    const someoneElse = await candidate();
    const notTheirs = await save(attemptId, answer, { Cookie: someoneElse.cookie });
    expect(notTheirs.status).toBe(404);
    expect(await notTheirs.json()).toMatchObject({ ok: false, reason: "not_found" });

    for (const bad of ["not json", JSON.stringify({ item: -1, part: 0, response: true, seq: 1 })]) {
      const res = await save(attemptId, bad, { Cookie: cookie });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ ok: false, reason: "invalid" });
    }
    const nul = await save(attemptId, JSON.stringify({ item: trueFalse, part: 0, response: "a\u0000b", seq: 1 }), {
      Cookie: cookie,
    });
    expect(nul.status).toBe(400);
    expect(await nul.text()).toBe(REFUSED_TEXT);
    expect(await stored(attemptId)).toEqual([]);

    // Someone without the trainee role has nothing to save.
    const d = await db();
    const staff = await makeUser(d);
    const { token } = await createSession(d, staff.id);
    const forbidden = await save(attemptId, answer, { Cookie: `tma_session=${token}; tma_exam_device=${DEVICE}` });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ ok: false, reason: "forbidden" });
  });

  test("what the middleware must see goes on to Express: cross-site, other paths and methods, chunked bodies", async () => {
    const { attemptId, cookie, trueFalse } = await candidate();
    const answer = JSON.stringify({ item: trueFalse, part: 0, response: true, seq: 1 });
    const passedOn = [
      await save(attemptId, answer, { Cookie: cookie, Origin: "https://evil.example" }),
      await save(attemptId, answer, { Cookie: cookie, "Sec-Fetch-Site": "cross-site" }),
      await save(attemptId, answer, { Cookie: cookie, "Content-Type": "text/plain" }),
      await save(attemptId, answer, { Cookie: cookie }, "/save?x=1"),
      await save(attemptId, answer, { Cookie: cookie }, "/flag"),
      await fetch(`${base}/exams/attempts/${attemptId}/save`, { headers: { Cookie: cookie } }),
      // No declared length: Express's body limit watches it as it streams.
      await fetch(`${base}/exams/attempts/${attemptId}/save`, {
        method: "POST",
        headers: { Cookie: cookie, "Content-Type": "application/json", Origin: APP_URL },
        body: new Blob([answer]).stream(),
        duplex: "half",
      } as RequestInit),
    ];
    expect(passedOn.map((r) => r.status)).toEqual(passedOn.map(() => 418));
    expect(await stored(attemptId)).toEqual([]);
  });
});
