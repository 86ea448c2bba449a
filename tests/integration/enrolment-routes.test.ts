import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { memberships } from "#db/schema";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/session.server";
import * as importRoute from "~/routes/manage.organizations.$orgId.import";
import * as traineeRoute from "~/routes/manage.organizations.$orgId.trainees.$traineeId";
import { db } from "~/utils/db.server";

const BASE = "http://localhost:3000";

beforeAll(() => syncFixtureContent());

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
  if (wrapped?.type === "DataWithResponseInit") return { status: wrapped.init?.status ?? 200, body: wrapped.data, headers: new Headers() };
  return { status: 200, body: value, headers: new Headers() };
}

async function cookieOf(userId: string) {
  const { token } = await createSession(await db(), userId);
  return `tma_session=${token}`;
}

function post(url: string, cookie: string, fields: Record<string, string | File>) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return new Request(url, { method: "POST", headers: { Cookie: cookie }, body });
}

const bomCsv = () => new File([readFileSync("tests/fixtures/import/trainees-utf8-bom.csv")], "名单.csv", { type: "text/csv" });

async function world() {
  const d = await db();
  const region = await makeRegion(d);
  const [a, b] = [await makeOrganization(d, region.id), await makeOrganization(d, region.id)];
  return {
    d,
    a,
    b,
    staffA: await makeUser(d, { role: "center_staff", organizationId: a.id }),
    staffB: await makeUser(d, { role: "center_staff", organizationId: b.id }),
    regionAdmin: await makeUser(d, { role: "region_admin", regionId: region.id }),
    platformAdmin: await makeUser(d, { role: "platform_admin" }),
  };
}

describe("the import page", () => {
  test("staff of another center, and the region admin, are refused on every import request", async () => {
    const { a, staffB, regionAdmin } = await world();
    const url = `${BASE}/manage/organizations/${a.id}/import`;
    for (const person of [staffB, regionAdmin]) {
      const cookie = await cookieOf(person.id);
      const params = { orgId: a.id };
      expect((await outcome(() => importRoute.loader({ request: new Request(url, { headers: { Cookie: cookie } }), params, context: {} }))).status).toBe(403);
      const check = post(url, cookie, { intent: "check", cohortId: "", file: bomCsv() });
      expect((await outcome(() => importRoute.action({ request: check, params, context: {} }))).status).toBe(403);
      const commit = post(url, cookie, { intent: "commit", cohortId: "", fileName: "名单.csv", fileBase64: readFileSync("tests/fixtures/import/trainees-utf8-bom.csv").toString("base64") });
      expect((await outcome(() => importRoute.action({ request: commit, params, context: {} }))).status).toBe(403);
    }
  });

  test("the center's staff check a file, then commit the same bytes sent back; a file too large is refused", async () => {
    const { d, a, staffA } = await world();
    const cookie = await cookieOf(staffA.id);
    const url = `${BASE}/manage/organizations/${a.id}/import`;
    const params = { orgId: a.id };
    const checked = await outcome(() => importRoute.action({ request: post(url, cookie, { intent: "check", cohortId: "", file: bomCsv() }), params, context: {} }));
    expect(checked).toMatchObject({ status: 200, body: { stage: "preview", fileName: "名单.csv", plan: { ok: true, counts: { create: 5 } } } });
    const { fileBase64 } = checked.body as { fileBase64: string };
    const committed = await outcome(() => importRoute.action({ request: post(url, cookie, { intent: "commit", cohortId: "", fileName: "名单.csv", fileBase64 }), params, context: {} }));
    expect(committed).toMatchObject({ status: 200, body: { stage: "done", summary: { created: 5, invitations: 4, withoutEmail: 1 } } });
    expect(await d.select().from(memberships).where(eq(memberships.organizationId, a.id))).toHaveLength(6);

    const huge = new File([new Uint8Array(7 * 1024 * 1024).fill(0x41)], "huge.csv");
    const refused = await outcome(() => importRoute.action({ request: post(url, cookie, { intent: "check", cohortId: "", file: huge }), params, context: {} }));
    expect(refused).toMatchObject({ status: 400, body: { stage: "failed", failure: { code: "too_large" } } });
  });
});

describe("the trainee page after a transfer", () => {
  test("the platform admin transfers through the page; the old center reads, the new one may change", async () => {
    const { d, a, b, staffA, staffB, platformAdmin } = await world();
    const trainee = await makeUser(d, { role: "trainee", organizationId: a.id });
    const pageOf = (orgId: string) => `${BASE}/manage/organizations/${orgId}/trainees/${trainee.id}`;
    const admin = await cookieOf(platformAdmin.id);
    const page = await outcome(() => traineeRoute.loader({ request: new Request(pageOf(a.id), { headers: { Cookie: admin } }), params: { orgId: a.id, traineeId: trainee.id }, context: {} }));
    expect((page.body as { transferTargets: { id: string }[] }).transferTargets.map((t) => t.id)).toContain(b.id);

    const moved = await outcome(() =>
      traineeRoute.action({
        request: new Request(pageOf(a.id), { method: "POST", headers: { Cookie: admin }, body: new URLSearchParams({ intent: "transfer", toCenterId: b.id, reason: "工作调动" }) }),
        params: { orgId: a.id, traineeId: trainee.id },
        context: {},
      }),
    );
    expect(moved.status).toBe(302);
    expect(moved.headers.get("Location")).toBe(`/manage/organizations/${b.id}/trainees/${trainee.id}`);

    // The old center: the page with the transfer in its history, read-only; every change refused.
    const oldStaff = await cookieOf(staffA.id);
    const old = await outcome(() => traineeRoute.loader({ request: new Request(pageOf(a.id), { headers: { Cookie: oldStaff } }), params: { orgId: a.id, traineeId: trainee.id }, context: {} }));
    expect(old).toMatchObject({ status: 200, body: { readOnly: true, canRecord: false, transferTargets: [], transfers: [{ reason: "工作调动", toNameZh: b.nameZh }] } });
    for (const form of <Record<string, string>[]>[
      { intent: "accommodation", levelSlug: "junior", extraMinutes: "10", extraAttempts: "0" },
      { levelSlug: "junior", note: "补录" },
    ]) {
      const refused = await outcome(() =>
        traineeRoute.action({
          request: new Request(pageOf(a.id), { method: "POST", headers: { Cookie: oldStaff }, body: new URLSearchParams(form) }),
          params: { orgId: a.id, traineeId: trainee.id },
          context: {},
        }),
      );
      expect(refused.status).toBe(403);
    }

    // The new center sees the trainee and may record.
    const newStaff = await cookieOf(staffB.id);
    const now = await outcome(() => traineeRoute.loader({ request: new Request(pageOf(b.id), { headers: { Cookie: newStaff } }), params: { orgId: b.id, traineeId: trainee.id }, context: {} }));
    expect(now).toMatchObject({ status: 200, body: { readOnly: false, canRecord: true } });
  });
});
