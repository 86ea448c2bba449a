import { beforeAll, describe, expect, test } from "vitest";
import { cohortMembers, cohorts } from "#db/schema";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/index.server";
import * as sessionsRoute from "~/routes/manage.organizations.$orgId.cohorts.$cohortId_.classroom._index";
import * as sheetRoute from "~/routes/manage.organizations.$orgId.cohorts.$cohortId_.classroom.$sessionId";
import * as displayRoute from "~/routes/manage.organizations.$orgId.cohorts.$cohortId_.classroom.$sessionId_.display";
import * as csvRoute from "~/routes/manage.organizations.$orgId.cohorts.$cohortId_.classroom.$sessionId_.sheet[.]csv";
import * as checkInRoute from "~/routes/check-in.$sessionId";
import { db } from "~/utils/db.server";

beforeAll(() => syncFixtureContent());

const BASE = "http://localhost:3000";
const context = {} as never;
/** Remix's data() in a test: the value and the status. */
const unwrap = (r: unknown) => r as { data: Record<string, unknown>; init: { status?: number } | null };

/** Today in China and a span around now, as the form takes them. */
function runningNow() {
  const china = (offsetMinutes: number) => new Date(Date.now() + 8 * 3600_000 + offsetMinutes * 60_000).toISOString();
  const date = china(0).slice(0, 10);
  const clamp = (iso: string, fallback: string) => (iso.slice(0, 10) === date ? iso.slice(11, 16) : fallback);
  return { date, startTime: clamp(china(-5), "00:00"), endTime: clamp(china(60), "23:59") };
}

async function world() {
  const d = await db();
  const center = await makeOrganization(d, (await makeRegion(d)).id);
  const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
  const [a, b] = [
    await makeUser(d, { role: "trainee", organizationId: center.id }),
    await makeUser(d, { role: "trainee", organizationId: center.id }),
  ];
  const [cohort] = await d
    .insert(cohorts)
    .values({
      centerId: center.id,
      levelSlug: "junior",
      name: "课堂班",
      startsOn: "2026-01-01",
      endsOn: "2030-12-31",
      capacity: 30,
    })
    .returning();
  await d.insert(cohortMembers).values([a!, b!].map((t) => ({ cohortId: cohort!.id, userId: t.id })));
  const cookie = async (userId: string) => `tma_session=${(await createSession(d, userId)).token}`;
  const staffCookie = await cookie(staff.id);
  const path = `/manage/organizations/${center.id}/cohorts/${cohort!.id}/classroom`;
  const get = (url: string, c = staffCookie) => new Request(`${BASE}${url}`, { headers: { Cookie: c } });
  const post = (url: string, body: Record<string, string>, c = staffCookie) =>
    new Request(`${BASE}${url}`, {
      method: "POST",
      headers: { Cookie: c, "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
      body: new URLSearchParams(body),
    });
  return { d, a: a!, b: b!, cookie, get, post, path, params: { orgId: center.id, cohortId: cohort!.id } };
}

describe("classroom pages", () => {
  test("schedule by form, scan the displayed code as a trainee, mark by hand, export the sheet", async () => {
    const w = await world();
    const bad = unwrap(
      await sessionsRoute.action({
        request: w.post(w.path, {
          intent: "schedule",
          ...runningNow(),
          endTime: "00:00",
          place: "",
          lecturer: "李老师",
          hours: "2",
        }),
        params: w.params,
        context,
      }),
    );
    expect(bad.init?.status).toBe(400);
    expect(JSON.stringify(bad.data)).toContain("classroom.errors.place");

    const topic = "技术合同实务";
    const ok = unwrap(
      await sessionsRoute.action({
        request: w.post(w.path, {
          intent: "schedule",
          ...runningNow(),
          place: "305 教室",
          lecturer: "李老师",
          hours: "1.5",
          topic,
        }),
        params: w.params,
        context,
      }),
    );
    expect(ok.data).toMatchObject({ intent: "schedule", done: true });
    const page = await sessionsRoute.loader({ request: w.get(w.path), params: w.params, context });
    const session = page.sessions.find((s) => s.topic === topic)!;
    expect(session).toMatchObject({ place: "305 教室", creditMinutes: 90 });
    const params = { ...w.params, sessionId: session.id };

    const display = await displayRoute.loader({ request: w.get(`${w.path}/${session.id}/display`), params, context });
    expect(display.open).toBe(true);
    const scanned = new URL(display.url!);
    const trainee = await w.cookie(w.a.id);
    const shown = await checkInRoute.loader({
      request: w.get(scanned.pathname + scanned.search, trainee),
      params: { sessionId: session.id },
      context,
    });
    expect(shown.code).not.toBeNull();
    const checked = unwrap(
      await checkInRoute.action({
        request: w.post(scanned.pathname, { w: String(shown.code!.w), c: shown.code!.c }, trainee),
        params: { sessionId: session.id },
        context,
      }),
    );
    expect(checked.data).toMatchObject({ ok: true, status: "present", already: false });

    // The sheet's form: a row per member, only the ones given a status change.
    const sheetPath = `${w.path}/${session.id}`;
    const before = await sheetRoute.loader({ request: w.get(sheetPath), params, context });
    const indexOfB = before.rows.findIndex((r) => r.id === w.b.id);
    const form: Record<string, string> = { intent: "mark" };
    before.rows.forEach((r, i) => (form[`marks[${i}].userId`] = r.id));
    form[`marks[${indexOfB}].status`] = "late";
    const marked = unwrap(await sheetRoute.action({ request: w.post(sheetPath, form), params, context }));
    expect(marked.data).toEqual({ error: null, changed: 1 });
    const after = await sheetRoute.loader({ request: w.get(sheetPath), params, context });
    expect(Object.fromEntries(after.rows.map((r) => [r.id, [r.status, r.byStaff]]))).toEqual({
      [w.a.id]: ["present", false],
      [w.b.id]: ["late", true],
    });

    const csv = await csvRoute.loader({ request: w.get(`${sheetPath}/sheet.csv`), params, context });
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const text = await csv.text();
    expect(text).toContain("出勤");
    expect(text).toContain("迟到");
    expect(text).toContain(topic);
  });
});
