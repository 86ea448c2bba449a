/**
 * Regression tests for issue 15's findings 9 and 10 (docs/security.md): each is the attack as it was tried,
 * and must now fail with a clear answer.
 */
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, onTestFinished, test, vi } from "vitest";
import { auditLog, emailOutbox, notifications } from "#db/schema";
import { createSession } from "~/modules/auth/index.server";
import { answerVerificationApi } from "~/modules/verification/index.server";
import * as bulkRoute from "~/routes/manage.organizations.$orgId.verify-bulk";
import * as downloadRoute from "~/routes/manage.organizations.$orgId.verify-bulk_.download";
import * as verifyPage from "~/routes/verify.$code";
import { db } from "~/utils/db.server";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { issueTestCertificate, reissueTestCertificate } from "../setup/test-certificates";
import { outcome } from "../setup/route-outcome";

const BASE = "http://localhost:3000";

beforeAll(() => syncFixtureContent());

let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;

const page = (query: string, ip: string) =>
  outcome(() =>
    verifyPage.loader({
      request: new Request(`${BASE}/verify/${encodeURIComponent(query)}`),
      params: { code: query },
      context: { clientIp: ip, cspNonce: "" },
    }),
  );

async function apiAnswer(query: string, ip: string) {
  const d = await db();
  const answer = await answerVerificationApi(d, { code: query, name: null, authorization: null, clientIp: ip });
  return { status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown>, headers: answer.headers };
}

async function employerStaff() {
  const d = await db();
  const employer = await makeOrganization(d, (await makeRegion(d)).id, "employer");
  const hr = await makeUser(d, { role: "employer", organizationId: employer.id });
  const { token } = await createSession(d, hr.id);
  return { employer, cookie: `tma_session=${token}` };
}

/** A bulk check of `csv` by an employer, and its results downloaded as CSV. */
async function bulkCheck(csv: string) {
  const { employer, cookie } = await employerStaff();
  const form = new FormData();
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
  const body = checked.body as {
    ok: true;
    sealed: string;
    counts: Record<string, number>;
    results: { certificate: { code: string | null; status: string } | null }[];
  };
  const file = (await downloadRoute.action({
    request: new Request(`${BASE}/manage/organizations/${employer.id}/verify-bulk/download`, {
      method: "POST",
      headers: { Cookie: cookie },
      body: new URLSearchParams({ format: "csv", results: body.sealed }),
    }),
    params: { orgId: employer.id },
    context: {},
  })) as Response;
  return { ...body, csv: await file.text() };
}

const grouped = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

describe("9 · serials cannot be walked, and a serial never leads to a code", () => {
  test("150 look-ups of /verify/<serial> from one address: 60 are answered, then 429 with the wait; the API shares the budget", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    // Serials are sequential: the attack walks the numbers after a known one.
    const prefix = issued.serial.replace(/\d+$/, "");
    const serials = Array.from({ length: 150 }, (_, i) => `${prefix}${String(i + 1).padStart(5, "0")}`);
    const ip = freshIp();
    // The clock stands still, so no token comes back while the requests run.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    onTestFinished(() => void vi.useRealTimers());

    const answers = [];
    for (const serial of serials) answers.push(await page(serial, ip));
    const statuses = answers.map((a) => a.status);
    expect(statuses.slice(0, 60).every((s) => s === 200 || s === 404)).toBe(true);
    expect(statuses.slice(60).every((s) => s === 429)).toBe(true);
    const limited = answers[60]!;
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(limited.body).toMatchObject({ found: false, limited: expect.any(Number) });
    // Nothing about a certificate is in a refused answer.
    expect(JSON.stringify(answers.slice(60).map((a) => a.body))).not.toContain("holderNameMasked");
    // The page's headers function passes the wait on to the browser.
    const headers = new Headers(
      verifyPage.headers({
        loaderHeaders: limited.headers,
        parentHeaders: new Headers(),
        actionHeaders: new Headers(),
        errorHeaders: undefined,
      }) as HeadersInit,
    );
    expect(headers.get("Retry-After")).toBe(limited.headers.get("Retry-After"));

    // One budget per address: the JSON API is refused too, and another address is not.
    expect((await apiAnswer(issued.serial, ip)).status).toBe(429);
    expect((await page(issued.serial, freshIp())).status).toBe(200);
  });

  test("a look-up by serial shows no verification code: not on the page, not in the API, not in a bulk check", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d, { holderName: "张晓芳" });
    const code = issued.code;

    const bySerial = await page(issued.serial, freshIp());
    expect(bySerial).toMatchObject({
      status: 200,
      body: {
        found: true,
        certificate: { serial: issued.serial, code: null, status: "valid", holderNameMasked: "张*芳" },
      },
    });
    expect(JSON.stringify(bySerial.body)).not.toContain(code.slice(5));

    const apiBySerial = await apiAnswer(issued.serial, freshIp());
    expect(apiBySerial).toMatchObject({ status: 200, body: { certificate: { serial: issued.serial, code: null } } });
    expect(JSON.stringify(apiBySerial.body)).not.toContain(code.slice(5));

    const bulk = await bulkCheck(`证书编号,姓名\n${issued.serial},张晓芳\n`);
    expect(bulk.counts).toMatchObject({ total: 1, valid: 1 });
    expect(bulk.results[0]!.certificate).toMatchObject({ code: null, status: "valid" });
    expect(JSON.stringify(bulk.results)).not.toContain(code.slice(5));
    expect(bulk.csv).toContain(issued.serial);
    expect(bulk.csv).not.toContain(code.slice(5));

    // Whoever has the code (the holder gave it, or scanned its QR) still sees it.
    expect(await page(code, freshIp())).toMatchObject({ body: { certificate: { code: grouped(code) } } });
    expect(await apiAnswer(code, freshIp())).toMatchObject({ body: { certificate: { code: grouped(code) } } });
  });

  test("nor the code of the certificate that replaced it", async () => {
    const d = await db();
    const old = await issueTestCertificate(d);
    const successor = await reissueTestCertificate(d, old.id);
    const bySerial = await page(old.serial, freshIp());
    expect(bySerial.body).toMatchObject({
      certificate: { status: "superseded", code: null, superseded: { reason: "reissued", byCode: null } },
    });
    expect(JSON.stringify(bySerial.body)).not.toContain(successor.code.slice(5));
    const apiBySerial = await apiAnswer(old.serial, freshIp());
    expect(JSON.stringify(apiBySerial.body)).not.toContain(successor.code.slice(5));
    // By the old certificate's code, the way on to the new one is given, as before.
    expect((await page(old.code, freshIp())).body).toMatchObject({
      certificate: { superseded: { byCode: grouped(successor.code) } },
    });
  });
});

describe("10 · a record changed in the database", () => {
  test("is `invalid` in the API, on the page and in bulk results, and every platform admin is alerted once", async () => {
    const d = await db();
    const admins = [await makeUser(d, { role: "platform_admin" }), await makeUser(d, { role: "platform_admin" })];
    const center = await makeOrganization(d, (await makeRegion(d)).id);
    const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
    const issued = await issueTestCertificate(d, { holderName: "李明" });
    // The attack: the holder's name changed by SQL, behind the application's back.
    await d.execute(
      sql`update certificates set record = jsonb_set(record, '{holderName}', '"李明明"') where id = ${issued.id}`,
    );

    const fromApi = await apiAnswer(issued.code, freshIp());
    expect(fromApi).toMatchObject({
      status: 200,
      body: { certificate: { status: "invalid", signature: { verified: false } } },
    });
    expect((await apiAnswer(issued.serial, freshIp())).body).toMatchObject({ certificate: { status: "invalid" } });
    expect(await page(issued.code, freshIp())).toMatchObject({
      status: 200,
      body: { found: true, certificate: { status: "invalid" } },
    });
    const bulk = await bulkCheck(`证书编号,姓名\n${issued.code},李明明\n`);
    expect(bulk.results[0]!.certificate).toMatchObject({ status: "invalid" });
    // Never counted as valid, even with the name the altered record carries.
    expect(bulk.counts).toMatchObject({ total: 1, valid: 0, invalid: 1 });
    expect(bulk.csv).toContain("无效");

    // Each platform admin: one notification in the inbox and one e-mail, however many checks saw it.
    for (const admin of admins) {
      const inbox = await d
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, admin.id), eq(notifications.kind, "certificate_tampered")));
      expect(inbox).toHaveLength(1);
      expect(inbox[0]).toMatchObject({ subject: issued.id, params: { serial: issued.serial } });
      const mails = await d.select().from(emailOutbox).where(eq(emailOutbox.to, admin.email!));
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toContain(issued.serial);
    }
    // Nobody else.
    expect(await d.select().from(notifications).where(eq(notifications.userId, staff.id))).toHaveLength(0);
    expect(await d.select().from(notifications).where(eq(notifications.userId, issued.holder.id))).toHaveLength(0);
    // And one audit entry.
    const audit = await d
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "certificate.integrity_failed"), eq(auditLog.targetId, issued.id)));
    expect(audit).toHaveLength(1);
  });

  test("a certificate that still matches its signature raises nothing", async () => {
    const d = await db();
    const admin = await makeUser(d, { role: "platform_admin" });
    const issued = await issueTestCertificate(d);
    expect((await apiAnswer(issued.code, freshIp())).body).toMatchObject({ certificate: { status: "valid" } });
    expect(await d.select().from(notifications).where(eq(notifications.userId, admin.id))).toHaveLength(0);
  });
});
