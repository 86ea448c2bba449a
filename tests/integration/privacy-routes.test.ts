import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { privacyConsents, privacyRequests, users } from "#db/schema";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/index.server";
import { CURRENT_PRIVACY_VERSION } from "~/modules/privacy";
import { requestDeletion } from "~/modules/privacy/index.server";
import * as dataRoute from "~/routes/account_.data";
import * as htmlRoute from "~/routes/account_.data[.]html";
import * as jsonRoute from "~/routes/account_.data[.]json";
import * as requestsRoute from "~/routes/manage.privacy-requests";
import * as consentRoute from "~/routes/privacy_.consent";
import * as signupRoute from "~/routes/signup";
import { db } from "~/utils/db.server";

const BASE = "http://localhost:3000";

/** What a Remix handler returned: a Response, or data() with its status. */
async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body: unknown; headers: Headers }> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response) return { status: value.status, body: await value.text(), headers: value.headers };
  const wrapped = value as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (wrapped?.type === "DataWithResponseInit")
    return { status: wrapped.init?.status ?? 200, body: wrapped.data, headers: new Headers() };
  return { status: 200, body: value, headers: new Headers() };
}

async function cookieOf(userId: string) {
  const { token } = await createSession(await db(), userId);
  return `tma_session=${token}`;
}

const get = (path: string, cookie?: string) =>
  new Request(`${BASE}${path}`, { headers: cookie ? { Cookie: cookie } : {} });

function post(path: string, cookie: string | undefined, fields: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return new Request(`${BASE}${path}`, { method: "POST", headers: cookie ? { Cookie: cookie } : {}, body });
}

const args = (request: Request) => ({ request, params: {}, context: {} });

describe("consent to the current privacy notice", () => {
  test("someone who has not agreed is sent to the notice first, and comes back once they agree", async () => {
    const d = await db();
    const person = await makeUser(d, { role: "trainee", consent: false });
    const cookie = await cookieOf(person.id);
    const sent = await outcome(() => dataRoute.loader(args(get("/account/data", cookie))));
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe("/privacy/consent?redirectTo=%2Faccount%2Fdata");

    const unticked = await outcome(() =>
      consentRoute.action(args(post("/privacy/consent", cookie, { redirectTo: "/account/data" }))),
    );
    expect(unticked.status).toBe(400);
    expect(unticked.body).toEqual({ errors: ["privacy.consentRequired"] });
    expect(await d.select().from(privacyConsents).where(eq(privacyConsents.userId, person.id))).toEqual([]);

    const agreed = await outcome(() =>
      consentRoute.action(args(post("/privacy/consent", cookie, { redirectTo: "/account/data", consent: "on" }))),
    );
    expect(agreed.headers.get("Location")).toBe("/account/data");
    const [row] = await d.select().from(privacyConsents).where(eq(privacyConsents.userId, person.id));
    expect(row).toMatchObject({ version: CURRENT_PRIVACY_VERSION, source: "prompt" });
    expect((await outcome(() => dataRoute.loader(args(get("/account/data", cookie))))).status).toBe(200);
  });

  test("sign-up requires the box and records the consent with the account", async () => {
    const d = await db();
    const fields = {
      name: "新学员",
      identifier: `signup-${Date.now()}@example.cn`,
      password: "password123",
      confirmPassword: "password123",
    };
    const refused = await outcome(() => signupRoute.action(args(post("/signup", undefined, fields))));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain("privacy.consentRequired");
    expect(await d.select().from(users).where(eq(users.email, fields.identifier))).toEqual([]);

    const made = await outcome(() =>
      signupRoute.action(args(post("/signup", undefined, { ...fields, consent: "on" }))),
    );
    expect(made.status).toBe(302);
    const [account] = await d.select().from(users).where(eq(users.email, fields.identifier));
    const consents = await d.select().from(privacyConsents).where(eq(privacyConsents.userId, account!.id));
    expect(consents).toMatchObject([{ version: CURRENT_PRIVACY_VERSION, source: "signup" }]);
  });
});

describe("a person's own data", () => {
  test("the downloads hold the signed-in person's data only; anonymous visitors go to sign-in", async () => {
    const d = await db();
    const [a, b] = [await makeUser(d, { role: "trainee" }), await makeUser(d, { role: "trainee" })];
    const cookieA = await cookieOf(a.id);
    const json = await outcome(() => jsonRoute.loader(args(get("/account/data.json", cookieA))));
    expect(json.status).toBe(200);
    expect(json.headers.get("Content-Disposition")).toContain("attachment");
    const body = JSON.parse(json.body as string);
    expect(body.account.id).toBe(a.id);
    expect(json.body).not.toContain(b.id);
    expect(json.body).not.toContain(b.email!);

    const html = await outcome(() => htmlRoute.loader(args(get("/account/data.html", cookieA))));
    expect(html.headers.get("Content-Type")).toContain("text/html");
    expect(html.body).toContain(a.email!);
    expect(html.body).not.toContain(b.email!);

    const anonymous = await outcome(() => jsonRoute.loader(args(get("/account/data.json"))));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  test("a trainee asks for deletion with a reason; an empty reason is a clear error", async () => {
    const d = await db();
    const person = await makeUser(d, { role: "trainee" });
    const cookie = await cookieOf(person.id);
    const empty = await outcome(() =>
      dataRoute.action(args(post("/account/data", cookie, { intent: "request-deletion", reason: " " }))),
    );
    expect(empty).toMatchObject({ status: 400, body: { ok: false, errors: ["privacy.reasonRequired"] } });
    const asked = await outcome(() =>
      dataRoute.action(args(post("/account/data", cookie, { intent: "request-deletion", reason: "不再使用" }))),
    );
    expect(asked.body).toEqual({ ok: true, errors: null });
    const [row] = await d.select().from(privacyRequests).where(eq(privacyRequests.userId, person.id));
    expect(row).toMatchObject({ status: "open", reason: "不再使用" });
  });
});

describe("deletion requests are decided by platform admins only", () => {
  test("trainees, center staff and region admins are refused and nothing changes; a platform admin completes", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const person = await makeUser(d, { role: "trainee", organizationId: center.id });
    const asked = await requestDeletion(d, person.id, "请删除");
    if (!asked.ok) throw new Error("not asked");
    const others = [
      await makeUser(d, { role: "trainee", organizationId: center.id }),
      await makeUser(d, { role: "center_staff", organizationId: center.id }),
      await makeUser(d, { role: "region_admin", regionId: region.id }),
    ];
    for (const other of others) {
      const cookie = await cookieOf(other.id);
      expect((await outcome(() => requestsRoute.loader(args(get("/manage/privacy-requests", cookie))))).status).toBe(
        403,
      );
      const tried = await outcome(() =>
        requestsRoute.action(
          args(post("/manage/privacy-requests", cookie, { requestId: asked.requestId, decision: "complete" })),
        ),
      );
      expect(tried.status).toBe(403);
    }
    const [still] = await d.select().from(users).where(eq(users.id, person.id));
    expect(still!.name).toBe(person.name);

    const admin = await cookieOf((await makeUser(d, { role: "platform_admin" })).id);
    const list = await outcome(() => requestsRoute.loader(args(get("/manage/privacy-requests", admin))));
    expect((list.body as { requests: { id: string }[] }).requests.map((r) => r.id)).toContain(asked.requestId);
    const bad = await outcome(() =>
      requestsRoute.action(args(post("/manage/privacy-requests", admin, { requestId: "nope", decision: "complete" }))),
    );
    expect(bad.status).toBe(400);
    const done = await outcome(() =>
      requestsRoute.action(
        args(
          post("/manage/privacy-requests", admin, { requestId: asked.requestId, decision: "complete", note: "已核实" }),
        ),
      ),
    );
    expect(done.body).toEqual({ ok: true, message: "privacy.completed" });
    const [erased] = await d.select().from(users).where(eq(users.id, person.id));
    expect(erased).toMatchObject({ name: "已注销用户", email: null });
  });
});
