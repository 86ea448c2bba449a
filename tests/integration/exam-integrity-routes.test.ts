import { beforeAll, describe, expect, test } from "vitest";
import { finishFixtureJuniorStudy, openFixtureSession, syncFixtureContent } from "../setup/content-fixture";
import { noneHeld, sitting, t0 } from "../setup/exam-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/index.server";
import { attemptForCandidate, hashDeviceToken, startAttempt } from "~/modules/exams/index.server";
import * as attemptRoute from "~/routes/exams.attempts.$attemptId";
import * as eventsRoute from "~/routes/exams.attempts.$attemptId.events";
import * as flagRoute from "~/routes/exams.attempts.$attemptId.flag";
import * as saveRoute from "~/routes/exams.attempts.$attemptId.save";
import * as liveRoute from "~/routes/manage.organizations.$orgId.exam-sessions_.$sessionId_.live";
import { db } from "~/utils/db.server";

/** The exam integrity routes' glue (docs/exam-integrity.md): the device cookie, the refusals, the live feed. */

const BASE = "http://localhost:3000";
beforeAll(() => syncFixtureContent());

async function cookieOf(userId: string, deviceToken?: string) {
  const { token } = await createSession(await db(), userId);
  return `tma_session=${token}${deviceToken ? `; tma_exam_device=${deviceToken}` : ""}`;
}

const json = (url: string, cookie: string, body: unknown) =>
  new Request(url, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

describe("the exam integrity routes", () => {
  test("a save or an event from another browser is refused, saying why; another candidate's attempt is not found", async () => {
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    await finishFixtureJuniorStudy(trainee.id, t0);
    await openFixtureSession([trainee.id], new Date(Date.now() - 3600_000), new Date(Date.now() + 3600_000));
    const phoneToken = "phone-device-token-0123456789";
    const started = await startAttempt(d, trainee.id, "junior", {
      held: noneHeld,
      deviceHash: hashDeviceToken(phoneToken),
      access: { ip: "127.0.0.1" },
    });
    if (!started.ok) throw new Error("not started");
    const { find } = await sitting(d, trainee.id, started.attemptId, new Date());
    const item = find("true_false").index;
    const url = (path: string) => `${BASE}/exams/attempts/${started.attemptId}/${path}`;
    const params = { attemptId: started.attemptId };
    const save = async (cookie: string) => {
      const res = (await saveRoute.action({
        request: json(url("save"), cookie, { item, part: 0, response: true, seq: 1 }),
        params,
        context: {},
      })) as Response;
      return { status: res.status, body: (await res.json()) as { ok: boolean; reason?: string } };
    };
    expect(await save(await cookieOf(trainee.id, "laptop-device-token-0123456789"))).toMatchObject({
      status: 403,
      body: { ok: false, reason: "device" },
    });
    expect(await save(await cookieOf(trainee.id, phoneToken))).toMatchObject({ status: 200, body: { ok: true } });
    const events = [{ seq: 1, kind: "page_hidden", at: new Date().toISOString() }];
    const laptopEvents = (await eventsRoute.action({
      request: json(url("events"), await cookieOf(trainee.id), { events }),
      params,
      context: {},
    })) as Response;
    expect(laptopEvents.status).toBe(403);
    const other = await makeUser(d, { role: "trainee" });
    await expect(
      eventsRoute.action({ request: json(url("events"), await cookieOf(other.id), { events }), params, context: {} }),
    ).rejects.toMatchObject({ status: 404 });
    const bad = (await eventsRoute.action({
      request: json(url("events"), await cookieOf(trainee.id, phoneToken), { events: "many" }),
      params,
      context: {},
    })) as Response;
    expect(bad.status).toBe(400);
  });

  test("a question flag or a hand-in from another browser is refused; a flood of events is told when to retry", async () => {
    const d = await db();
    const trainee = await makeUser(d, { role: "trainee" });
    await finishFixtureJuniorStudy(trainee.id, t0);
    await openFixtureSession([trainee.id], new Date(Date.now() - 3600_000), new Date(Date.now() + 3600_000));
    const phoneToken = "phone-device-token-9876543210";
    const started = await startAttempt(d, trainee.id, "junior", {
      held: noneHeld,
      deviceHash: hashDeviceToken(phoneToken),
      access: { ip: "127.0.0.1" },
    });
    if (!started.ok) throw new Error("not started");
    const url = (path: string) => `${BASE}/exams/attempts/${started.attemptId}${path}`;
    const params = { attemptId: started.attemptId };
    const flag = async (cookie: string) => {
      const res = (await flagRoute.action({
        request: json(url("/flag"), cookie, { item: 2, flagged: true }),
        params,
        context: {},
      })) as Response;
      return { status: res.status, body: (await res.json()) as { ok: boolean; reason?: string } };
    };
    const laptop = await cookieOf(trainee.id, "laptop-device-token-9876543210");
    const phone = await cookieOf(trainee.id, phoneToken);
    expect(await flag(laptop)).toEqual({ status: 403, body: { ok: false, reason: "device" } });
    expect(await flag(phone)).toEqual({ status: 200, body: { ok: true, flagged: [2] } });
    const submit = (cookie: string) =>
      attemptRoute.action({
        request: new Request(url(""), {
          method: "POST",
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: "intent=submit",
        }),
        params,
        context: {},
      });
    await submit(laptop);
    expect((await attemptForCandidate(d, trainee.id, started.attemptId)).status).toBe("open");
    const flood = Array.from({ length: 31 }, (_, i) => ({ seq: i + 1, kind: "copy", at: new Date().toISOString() }));
    const limited = (await eventsRoute.action({
      request: json(url("/events"), phone, { events: flood }),
      params,
      context: {},
    })) as Response;
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    await submit(phone);
    expect((await attemptForCandidate(d, trainee.id, started.attemptId)).status).toBe("submitted");
  });

  test("the live console streams a snapshot to the center's staff and is refused to another center's", async () => {
    const d = await db();
    const session = await openFixtureSession([], new Date(Date.now() - 3600_000), new Date(Date.now() + 3600_000));
    const staff = await makeUser(d, { role: "center_staff", organizationId: session.centerId });
    const controller = new AbortController();
    const res = (await liveRoute.loader({
      request: new Request(`${BASE}/manage/organizations/${session.centerId}/exam-sessions/${session.id}/live`, {
        headers: { Cookie: await cookieOf(staff.id) },
        signal: controller.signal,
      }),
      params: { orgId: session.centerId, sessionId: session.id },
      context: {},
    })) as Response;
    expect(res.headers.get("Content-Type")).toContain("text/event-stream");
    expect(res.headers.get("Cache-Control")).toContain("no-transform");
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes("event: snapshot")) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"totals"');
    controller.abort();
    await reader.cancel();

    const otherCenter = await makeOrganization(d, (await makeRegion(d)).id);
    const stranger = await makeUser(d, { role: "center_staff", organizationId: otherCenter.id });
    for (const orgId of [session.centerId, otherCenter.id]) {
      const refused = await liveRoute
        .loader({
          request: new Request(`${BASE}/manage/organizations/${orgId}/exam-sessions/${session.id}/live`, {
            headers: { Cookie: await cookieOf(stranger.id) },
          }),
          params: { orgId, sessionId: session.id },
          context: {},
        })
        .catch((thrown: Response) => thrown);
      expect([403, 404]).toContain((refused as Response).status);
    }
  });
});
