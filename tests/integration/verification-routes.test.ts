import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, onTestFinished, test, vi } from "vitest";
import { certificateChecks } from "#db/schema";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/index.server";
import { flushCheckLog } from "~/modules/verification/index.server";
import { issueTestCertificate, revokeTestCertificate } from "../setup/test-certificates";
import * as apiRoute from "~/routes/api.v1.certificates.$code";
import * as apiKeysRoute from "~/routes/manage.organizations.$orgId.api-keys";
import * as bulkRoute from "~/routes/manage.organizations.$orgId.verify-bulk";
import * as downloadRoute from "~/routes/manage.organizations.$orgId.verify-bulk_.download";
import * as verifyPage from "~/routes/verify.$code";
import * as lookupPage from "~/routes/verify._index";
import { db } from "~/utils/db.server";
import { isCrossSiteMutation } from "~/utils/request-guard.server";

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
  if (value instanceof Response) {
    const type = value.headers.get("Content-Type") ?? "";
    return {
      status: value.status,
      body: type.includes("json") ? await value.json() : await value.text(),
      headers: value.headers,
    };
  }
  const wrapped = value as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (wrapped?.type === "DataWithResponseInit")
    return { status: wrapped.init?.status ?? 200, body: wrapped.data, headers: new Headers() };
  return { status: 200, body: value, headers: new Headers() };
}

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

async function signedInCookie(userId: string) {
  const { token } = await createSession(await db(), userId);
  return `tma_session=${token}`;
}

describe("the public page", () => {
  test("the look-up form sends any spelling of a code to the certificate's one address", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    const sent = await outcome(() =>
      lookupPage.loader({
        request: new Request(
          `${BASE}/verify?q=${encodeURIComponent(` ${issued.code.slice(0, 5).toLowerCase()}-${issued.code.slice(5)}`)}`,
        ),
        params: {},
        context: {},
      }),
    );
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe(`/verify/${issued.code}`);
    const bad = await outcome(() =>
      lookupPage.loader({ request: new Request(`${BASE}/verify?q=hello`), params: {}, context: {} }),
    );
    expect(bad).toMatchObject({ status: 400, body: { error: "verification.queryMalformed" } });
  });

  test("needs no sign-in: shows the status and the masked name, and confirms the full name when typed", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d, { holderName: "张晓芳" });
    const page = await outcome(() =>
      verifyPage.loader({
        request: new Request(`${BASE}/verify/${issued.code}`),
        params: { code: issued.code },
        context: {},
      }),
    );
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      found: true,
      certificate: { status: "valid", holderNameMasked: "张*芳", serial: issued.serial },
    });
    expect(JSON.stringify(page.body)).not.toContain("张晓芳");

    const ip = freshIp();
    const ask = (name: string) =>
      outcome(() =>
        verifyPage.action({
          request: new Request(`${BASE}/verify/${issued.code}`, {
            method: "POST",
            body: new URLSearchParams({ name }),
          }),
          params: { code: issued.code },
          context: { clientIp: ip },
        }),
      );
    expect(await ask("张小芳")).toMatchObject({ status: 200, body: { result: "mismatch" } });
    expect(await ask(" 张 晓 芳 ")).toMatchObject({ status: 200, body: { result: "match", holderName: "张晓芳" } });
    expect(await ask("")).toMatchObject({
      status: 400,
      body: { result: "invalid", error: "verification.nameCheck.required" },
    });

    // Page visits are logged in the background, in batches.
    await flushCheckLog();
    const logged = await d.select().from(certificateChecks).where(eq(certificateChecks.certificateId, issued.id));
    expect(logged.map((r) => [r.kind, r.nameChecked, r.nameMatched])).toEqual(
      expect.arrayContaining([
        ["page", false, null],
        ["page", true, false],
        ["page", true, true],
      ]),
    );
  });

  test("names cannot be guessed by trying: 20 tries per address in ten minutes, then 429 with the wait", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    const ip = freshIp();
    const ask = () =>
      outcome(() =>
        verifyPage.action({
          request: new Request(`${BASE}/verify/${issued.code}`, {
            method: "POST",
            body: new URLSearchParams({ name: "某某某" }),
          }),
          params: { code: issued.code },
          context: { clientIp: ip },
        }),
      );
    for (let i = 0; i < 20; i++) expect((await ask()).status).toBe(200);
    expect(await ask()).toMatchObject({ status: 429, body: { result: "limited", minutes: 10 } });
  });

  test("a revoked certificate says so; an unknown code is a 404 page that is still logged", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    await revokeTestCertificate(d, issued.id, "违规取得");
    const page = await outcome(() =>
      verifyPage.loader({
        request: new Request(`${BASE}/verify/${issued.serial}`),
        params: { code: issued.serial },
        context: {},
      }),
    );
    expect(page.body).toMatchObject({ certificate: { status: "revoked", revoked: { reason: "违规取得" } } });

    const unknown = await outcome(() =>
      verifyPage.loader({
        request: new Request(`${BASE}/verify/ZZZZZZZZZZ`),
        params: { code: "ZZZZZZZZZZ" },
        context: {},
      }),
    );
    expect(unknown).toMatchObject({ status: 404, body: { found: false, query: "ZZZZZZZZZZ", malformed: false } });
    await flushCheckLog();
    expect(await d.select().from(certificateChecks).where(eq(certificateChecks.query, "ZZZZZZZZZZ"))).toMatchObject([
      { certificateId: null, kind: "page" },
    ]);
    const malformed = await outcome(() =>
      verifyPage.loader({ request: new Request(`${BASE}/verify/nonsense`), params: { code: "nonsense" }, context: {} }),
    );
    expect(malformed).toMatchObject({ status: 404, body: { found: false, malformed: true } });
  });
});

describe("the JSON API", () => {
  const call = (path: string, ip: string, headers: Record<string, string> = {}) =>
    outcome(() =>
      apiRoute.loader({
        request: new Request(`${BASE}/api/v1/certificates/${path}`, { headers }),
        params: { code: decodeURIComponent(path.split("?")[0]!) },
        context: { clientIp: ip },
      }),
    );

  test("answers what the page shows, uncached; with ?name= it says whether the name matches", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d, { holderName: "李明" });
    const ip = freshIp();
    const plain = await call(issued.serial.toLowerCase(), ip);
    expect(plain.status).toBe(200);
    expect(plain.headers.get("Cache-Control")).toBe("no-store");
    expect(plain.body).toMatchObject({
      certificate: { serial: issued.serial, status: "valid", holderNameMasked: "李*", signature: { verified: true } },
    });
    expect(plain.body).not.toHaveProperty("nameMatched");
    expect(await call(`${issued.code}?name=${encodeURIComponent("李明")}`, ip)).toMatchObject({
      status: 200,
      body: { nameMatched: true },
    });
    expect(await call(`${issued.code}?name=${encodeURIComponent("李敏")}`, ip)).toMatchObject({
      status: 200,
      body: { nameMatched: false },
    });
    expect(await call("ZZZZZ-ZZZZZ", ip)).toMatchObject({ status: 404, body: { error: "not_found" } });
    expect(await call("not-a-code", ip)).toMatchObject({ status: 400, body: { error: "malformed" } });

    await flushCheckLog();
    const logged = await d.select().from(certificateChecks).where(eq(certificateChecks.certificateId, issued.id));
    expect(logged.map((r) => [r.kind, r.nameMatched])).toEqual(
      expect.arrayContaining([
        ["api_anonymous", null],
        ["api_anonymous", true],
        ["api_anonymous", false],
      ]),
    );
  });

  test("GET requests from other sites are not refused by the origin guard", () => {
    expect(
      isCrossSiteMutation({
        method: "GET",
        origin: "https://hr.example.com",
        secFetchSite: "cross-site",
        expectedOrigin: BASE,
      }),
    ).toBe(false);
  });

  test("anonymous callers get 60 a minute per address; an employer's key gets more, and is logged as theirs", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    const ip = freshIp();
    // The clock stands still, so no token comes back while the requests run.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    onTestFinished(() => void vi.useRealTimers());
    for (let i = 0; i < 60; i++) expect((await call(issued.code, ip)).status).toBe(200);
    const limited = await call(issued.code, ip);
    expect(limited).toMatchObject({ status: 429, body: { error: "rate_limited" } });
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);

    // The same address with a key is counted by the key.
    const employer = await makeOrganization(d, (await makeRegion(d)).id, "employer");
    const hr = await makeUser(d, { role: "employer", organizationId: employer.id });
    const cookie = await signedInCookie(hr.id);
    const created = await outcome(() =>
      apiKeysRoute.action({
        request: new Request(`${BASE}/manage/organizations/${employer.id}/api-keys`, {
          method: "POST",
          headers: { Cookie: cookie },
          body: new URLSearchParams({ intent: "create", name: "人事系统" }),
        }),
        params: { orgId: employer.id },
        context: {},
      }),
    );
    const token = (created.body as { created: { token: string } }).created.token;
    const auth = { Authorization: `Bearer ${token}` };
    for (let i = 0; i < 70; i++) expect((await call(issued.code, ip, auth)).status).toBe(200);

    await flushCheckLog();
    const keyed = await d.select().from(certificateChecks).where(eq(certificateChecks.organizationId, employer.id));
    expect(keyed).toHaveLength(70);
    expect(keyed.every((r) => r.kind === "api_key" && r.apiKeyId !== null && r.certificateId === issued.id)).toBe(true);

    // A wrong or revoked key is refused, not treated as anonymous.
    expect(
      await call(issued.code, freshIp(), { Authorization: "Bearer tma_aaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaa" }),
    ).toMatchObject({
      status: 401,
      body: { error: "invalid_api_key" },
    });
    const list = await outcome(() =>
      apiKeysRoute.loader({
        request: new Request(`${BASE}/manage/organizations/${employer.id}/api-keys`, { headers: { Cookie: cookie } }),
        params: { orgId: employer.id },
        context: {},
      }),
    );
    const [key] = (list.body as { keys: { id: string; lastUsedAt: string | null }[] }).keys;
    expect(key!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(token);
    await outcome(() =>
      apiKeysRoute.action({
        request: new Request(`${BASE}/manage/organizations/${employer.id}/api-keys`, {
          method: "POST",
          headers: { Cookie: cookie },
          body: new URLSearchParams({ intent: "revoke", keyId: key!.id }),
        }),
        params: { orgId: employer.id },
        context: {},
      }),
    );
    expect((await call(issued.code, freshIp(), auth)).status).toBe(401);
  });

  test("an address that keeps sending wrong keys is stopped before the database is asked", async () => {
    const ip = freshIp();
    const wrong = { Authorization: "Bearer tma_bbbbbbbbbb_bbbbbbbbbbbbbbbbbbbbbbbb" };
    for (let i = 0; i < 10; i++) expect((await call("ZZZZZZZZZZ", ip, wrong)).status).toBe(401);
    expect((await call("ZZZZZZZZZZ", ip, wrong)).status).toBe(429);
  });
});

describe("employer screens", () => {
  async function employerStaff() {
    const d = await db();
    const employer = await makeOrganization(d, (await makeRegion(d)).id, "employer");
    const hr = await makeUser(d, { role: "employer", organizationId: employer.id });
    return { d, employer, cookie: await signedInCookie(hr.id) };
  }

  test("need sign-in, and the employer's own staff", async () => {
    const { d, employer } = await employerStaff();
    const anonymous = await outcome(() =>
      apiKeysRoute.loader({
        request: new Request(`${BASE}/manage/organizations/${employer.id}/api-keys`),
        params: { orgId: employer.id },
        context: {},
      }),
    );
    expect(anonymous.status).toBe(302);
    const stranger = await makeUser(d, {
      role: "employer",
      organizationId: (await makeOrganization(d, (await makeRegion(d)).id, "employer")).id,
    });
    const cookie = await signedInCookie(stranger.id);
    for (const route of [apiKeysRoute, bulkRoute]) {
      const refused = await outcome(() =>
        route.loader({
          request: new Request(`${BASE}/manage/organizations/${employer.id}/x`, { headers: { Cookie: cookie } }),
          params: { orgId: employer.id },
          context: {},
        }),
      );
      expect(refused.status).toBe(403);
    }
  });

  test("a bulk upload answers every row, and the sealed results download as CSV and XLSX", async () => {
    const { d, employer, cookie } = await employerStaff();
    const valid = await issueTestCertificate(d, { holderName: "张晓芳" });
    const revoked = await issueTestCertificate(d, { holderName: "李明" });
    await revokeTestCertificate(d, revoked.id, "违规取得");
    const form = new FormData();
    const csv = `证书编号,姓名\n${valid.serial},张晓芳\n${revoked.code},李明\nZZZZZ-ZZZZZ,赵六\n${valid.code},张小芳\n`;
    form.set("file", new File([csv], "名单.csv", { type: "text/csv" }));
    const checked = await outcome(() =>
      bulkRoute.action({
        request: new Request(`${BASE}/manage/organizations/${employer.id}/verify-bulk`, {
          method: "POST",
          headers: { Cookie: cookie },
          body: form,
        }),
        params: { orgId: employer.id },
        context: {},
      }),
    );
    const body = checked.body as { ok: true; sealed: string; counts: unknown; results: { name: string }[] };
    // The last row (a valid certificate, another name) is counted as a name mismatch, apart from the valid one.
    expect(body.counts).toEqual({ total: 4, valid: 1, invalid: 1, notFound: 1, nameMismatch: 1 });
    expect(body.results.map((r) => r.name)).toEqual(["confirmed", "confirmed", "unchecked", "mismatch"]);

    const download = (format: string, results: string) =>
      downloadRoute.action({
        request: new Request(`${BASE}/manage/organizations/${employer.id}/verify-bulk/download`, {
          method: "POST",
          headers: { Cookie: cookie },
          body: new URLSearchParams({ format, results }),
        }),
        params: { orgId: employer.id },
        context: {},
      });
    const csvFile = (await download("csv", body.sealed)) as Response;
    expect(csvFile.headers.get("Content-Type")).toContain("text/csv");
    expect(csvFile.headers.get("Content-Disposition")).toContain("attachment");
    const text = await csvFile.text();
    expect(text).toContain("已撤销");
    expect(text).toContain("姓名不一致");
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(5);
    const xlsx = (await download("xlsx", body.sealed)) as Response;
    expect(xlsx.headers.get("Content-Type")).toContain("spreadsheetml");

    const expired = await outcome(() => download("csv", "tampered.value"));
    expect(expired.status).toBe(302);
    expect(expired.headers.get("Location")).toBe(`/manage/organizations/${employer.id}/verify-bulk?expired=1`);

    const empty = new FormData();
    empty.set("file", new File([], "empty.csv"));
    const refused = await outcome(() =>
      bulkRoute.action({
        request: new Request(`${BASE}/manage/organizations/${employer.id}/verify-bulk`, {
          method: "POST",
          headers: { Cookie: cookie },
          body: empty,
        }),
        params: { orgId: employer.id },
        context: {},
      }),
    );
    expect(refused).toMatchObject({ status: 400, body: { ok: false, error: "no_file" } });
  });
});
