import { readFileSync } from "node:fs";
import { eq, inArray } from "drizzle-orm";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, test } from "vitest";
import { memberships, privacyConsents, users } from "#db/schema";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession, signIn } from "~/modules/auth/index.server";
import * as importRoute from "~/routes/manage.organizations.$orgId.import";
import * as passwordLinksRoute from "~/routes/manage.organizations.$orgId.password-links";
import * as traineeRoute from "~/routes/manage.organizations.$orgId.trainees.$traineeId";
import * as passwordLinkRoute from "~/routes/manage.organizations.$orgId.trainees.$traineeId_.password-link";
import * as resetRoute from "~/routes/reset-password.$token";
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
  if (wrapped?.type === "DataWithResponseInit")
    return { status: wrapped.init?.status ?? 200, body: wrapped.data, headers: new Headers() };
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

const bomCsv = () =>
  new File([readFileSync("tests/fixtures/import/trainees-utf8-bom.csv")], "名单.csv", { type: "text/csv" });

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
      expect(
        (
          await outcome(() =>
            importRoute.loader({ request: new Request(url, { headers: { Cookie: cookie } }), params, context: {} }),
          )
        ).status,
      ).toBe(403);
      const check = post(url, cookie, { intent: "check", cohortId: "", file: bomCsv() });
      expect((await outcome(() => importRoute.action({ request: check, params, context: {} }))).status).toBe(403);
      const commit = post(url, cookie, {
        intent: "commit",
        cohortId: "",
        fileName: "名单.csv",
        fileBase64: readFileSync("tests/fixtures/import/trainees-utf8-bom.csv").toString("base64"),
      });
      expect((await outcome(() => importRoute.action({ request: commit, params, context: {} }))).status).toBe(403);
    }
  });

  test("the center's staff check a file, then commit the same bytes sent back; a file too large is refused", async () => {
    const { d, a, staffA } = await world();
    const cookie = await cookieOf(staffA.id);
    const url = `${BASE}/manage/organizations/${a.id}/import`;
    const params = { orgId: a.id };
    const checked = await outcome(() =>
      importRoute.action({
        request: post(url, cookie, { intent: "check", cohortId: "", file: bomCsv() }),
        params,
        context: {},
      }),
    );
    expect(checked).toMatchObject({
      status: 200,
      body: { stage: "preview", fileName: "名单.csv", plan: { ok: true, counts: { create: 5 } } },
    });
    const { fileBase64 } = checked.body as { fileBase64: string };
    // Without the box confirming the trainees were informed of the privacy notice, nothing is written.
    const unconfirmed = await outcome(() =>
      importRoute.action({
        request: post(url, cookie, { intent: "commit", cohortId: "", fileName: "名单.csv", fileBase64 }),
        params,
        context: {},
      }),
    );
    expect(unconfirmed).toMatchObject({ status: 400, body: { stage: "preview", notInformed: true } });
    expect(await d.select().from(memberships).where(eq(memberships.organizationId, a.id))).toHaveLength(1);
    const committed = await outcome(() =>
      importRoute.action({
        request: post(url, cookie, { intent: "commit", cohortId: "", fileName: "名单.csv", fileBase64, consent: "on" }),
        params,
        context: {},
      }),
    );
    expect(committed).toMatchObject({
      status: 200,
      body: { stage: "done", summary: { created: 5, invitations: 4, withoutEmail: 1 } },
    });
    const trainees = await d.select().from(memberships).where(eq(memberships.organizationId, a.id));
    expect(trainees).toHaveLength(6);
    // Each new account's consent is recorded as given through the import, on the word of the staff member.
    const consents = await d
      .select()
      .from(privacyConsents)
      .where(
        inArray(
          privacyConsents.userId,
          trainees.filter((m) => m.role === "trainee").map((m) => m.userId),
        ),
      );
    expect(consents.map((c) => [c.source, c.recordedBy])).toEqual(Array(5).fill(["import", staffA.id]));

    const huge = new File([new Uint8Array(7 * 1024 * 1024).fill(0x41)], "huge.csv");
    const refused = await outcome(() =>
      importRoute.action({
        request: post(url, cookie, { intent: "check", cohortId: "", file: huge }),
        params,
        context: {},
      }),
    );
    expect(refused).toMatchObject({ status: 400, body: { stage: "failed", failure: { code: "too_large" } } });
  });
});

describe("the trainee page after a transfer", () => {
  test("the platform admin transfers through the page; the old center reads, the new one may change", async () => {
    const { d, a, b, staffA, staffB, platformAdmin } = await world();
    const trainee = await makeUser(d, { role: "trainee", organizationId: a.id });
    const pageOf = (orgId: string) => `${BASE}/manage/organizations/${orgId}/trainees/${trainee.id}`;
    const admin = await cookieOf(platformAdmin.id);
    const page = await outcome(() =>
      traineeRoute.loader({
        request: new Request(pageOf(a.id), { headers: { Cookie: admin } }),
        params: { orgId: a.id, traineeId: trainee.id },
        context: {},
      }),
    );
    expect((page.body as { transferTargets: { id: string }[] }).transferTargets.map((t) => t.id)).toContain(b.id);

    const moved = await outcome(() =>
      traineeRoute.action({
        request: new Request(pageOf(a.id), {
          method: "POST",
          headers: { Cookie: admin },
          body: new URLSearchParams({ intent: "transfer", toCenterId: b.id, reason: "工作调动" }),
        }),
        params: { orgId: a.id, traineeId: trainee.id },
        context: {},
      }),
    );
    expect(moved.status).toBe(302);
    expect(moved.headers.get("Location")).toBe(`/manage/organizations/${b.id}/trainees/${trainee.id}`);

    // The old center: the page with the transfer in its history, read-only; every change refused.
    const oldStaff = await cookieOf(staffA.id);
    const old = await outcome(() =>
      traineeRoute.loader({
        request: new Request(pageOf(a.id), { headers: { Cookie: oldStaff } }),
        params: { orgId: a.id, traineeId: trainee.id },
        context: {},
      }),
    );
    expect(old).toMatchObject({
      status: 200,
      body: {
        readOnly: true,
        canRecord: false,
        transferTargets: [],
        transfers: [{ reason: "工作调动", toNameZh: b.nameZh }],
      },
    });
    for (const form of <Record<string, string>[]>[
      { intent: "accommodation", levelSlug: "junior", extraMinutes: "10", extraAttempts: "0" },
      { levelSlug: "junior", note: "补录" },
    ]) {
      const refused = await outcome(() =>
        traineeRoute.action({
          request: new Request(pageOf(a.id), {
            method: "POST",
            headers: { Cookie: oldStaff },
            body: new URLSearchParams(form),
          }),
          params: { orgId: a.id, traineeId: trainee.id },
          context: {},
        }),
      );
      expect(refused.status).toBe(403);
    }

    // The new center sees the trainee and may record.
    const newStaff = await cookieOf(staffB.id);
    const now = await outcome(() =>
      traineeRoute.loader({
        request: new Request(pageOf(b.id), { headers: { Cookie: newStaff } }),
        params: { orgId: b.id, traineeId: trainee.id },
        context: {},
      }),
    );
    expect(now).toMatchObject({ status: 200, body: { readOnly: false, canRecord: true } });
  });
});

describe("a set-password link for a trainee imported with a mobile number only", () => {
  test("staff find them in the list, make a link shown once with a QR code; the trainee sets a password on the page and signs in", async () => {
    const { d, a, staffA, staffB } = await world();
    const cookie = await cookieOf(staffA.id);
    const mobile = `136${String(Date.now() % 1e8).padStart(8, "0")}`;
    const file = new File([`\uFEFF姓名,手机号\r\n周小川,${mobile}\r\n`], "名单.csv", { type: "text/csv" });
    const importUrl = `${BASE}/manage/organizations/${a.id}/import`;
    const checked = await outcome(() =>
      importRoute.action({
        request: post(importUrl, cookie, { intent: "check", cohortId: "", file }),
        params: { orgId: a.id },
        context: {},
      }),
    );
    const { fileBase64 } = checked.body as { fileBase64: string };
    const committed = await outcome(() =>
      importRoute.action({
        request: post(importUrl, cookie, {
          intent: "commit",
          cohortId: "",
          fileName: "名单.csv",
          fileBase64,
          consent: "on",
        }),
        params: { orgId: a.id },
        context: {},
      }),
    );
    expect(committed.body).toMatchObject({ stage: "done", summary: { created: 1, invitations: 0, withoutEmail: 1 } });

    const listUrl = `${BASE}/manage/organizations/${a.id}/password-links`;
    const list = await outcome(() =>
      passwordLinksRoute.loader({
        request: new Request(listUrl, { headers: { Cookie: cookie } }),
        params: { orgId: a.id },
        context: {},
      }),
    );
    expect(list.body).toMatchObject({
      total: 1,
      mobileOnly: 1,
      trainees: [{ name: "周小川", phone: mobile, email: null, openLinkUntil: null }],
    });
    const traineeId = (list.body as { trainees: { id: string }[] }).trainees[0]!.id;
    const params = { orgId: a.id, traineeId };
    const traineePage = await outcome(() =>
      traineeRoute.loader({
        request: new Request(`${BASE}/manage/organizations/${a.id}/trainees/${traineeId}`, {
          headers: { Cookie: cookie },
        }),
        params,
        context: {},
      }),
    );
    expect(traineePage.body).toMatchObject({ canMakePasswordLink: true });

    // Another center's staff are refused the list, the page and the action.
    const outsider = await cookieOf(staffB.id);
    const linkUrl = `${BASE}/manage/organizations/${a.id}/trainees/${traineeId}/password-link`;
    expect(
      (
        await outcome(() =>
          passwordLinksRoute.loader({
            request: new Request(listUrl, { headers: { Cookie: outsider } }),
            params: { orgId: a.id },
            context: {},
          }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await outcome(() =>
          passwordLinkRoute.loader({
            request: new Request(linkUrl, { headers: { Cookie: outsider } }),
            params,
            context: {},
          }),
        )
      ).status,
    ).toBe(403);
    expect(
      (await outcome(() => passwordLinkRoute.action({ request: post(linkUrl, outsider, {}), params, context: {} })))
        .status,
    ).toBe(403);

    const page = await outcome(() =>
      passwordLinkRoute.loader({ request: new Request(linkUrl, { headers: { Cookie: cookie } }), params, context: {} }),
    );
    expect(page.body).toMatchObject({ subject: { name: "周小川", hasPassword: false, refusal: null } });
    const made = await passwordLinkRoute.action({ request: post(linkUrl, cookie, {}), params, context: {} });
    const { link } = (made as unknown as { data: { link: { url: string; qr: string } } }).data;
    expect((made as unknown as { init: { headers: Record<string, string> } }).init.headers["Cache-Control"]).toBe(
      "no-store",
    );
    expect(link.url).toMatch(new RegExp(`^${BASE}/reset-password/[a-z2-7]{24}$`));
    const png = PNG.sync.read(Buffer.from(link.qr.replace("data:image/png;base64,", ""), "base64"));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(link.url);

    // The trainee opens the link: the set-password page, then the sign-in page with the new password.
    const token = link.url.split("/").pop()!;
    expect(await resetRoute.loader({ request: new Request(link.url), params: { token }, context: {} })).toEqual({
      valid: true,
      purpose: "set",
    });
    const reset = await outcome(() =>
      resetRoute.action({
        request: new Request(link.url, {
          method: "POST",
          body: new URLSearchParams({ password: "zhou-secret-2026", confirmPassword: "zhou-secret-2026" }),
        }),
        params: { token },
        context: {},
      }),
    );
    expect(reset.status).toBe(302);
    expect(reset.headers.get("Location")).toBe("/login?notice=passwordReset");
    expect(await signIn(d, { identifier: mobile, password: "zhou-secret-2026", ip: "10.7.0.1" })).toMatchObject({
      ok: true,
    });
    expect(await d.select({ id: users.id }).from(users).where(eq(users.phone, mobile))).toEqual([{ id: traineeId }]);
    expect(await resetRoute.loader({ request: new Request(link.url), params: { token }, context: {} })).toEqual({
      valid: false,
      purpose: null,
    });
  });
});
