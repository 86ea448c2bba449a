// The browser journey's steps through the routes themselves: a center uploads its logo and seal, previews a
// sample, puts it to use, and the holder's downloaded PDF carries the seal under a valid PAdES signature.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createSession } from "~/modules/auth/index.server";
import * as brandingRoute from "~/routes/manage.organizations.$orgId.certificate-branding";
import * as previewRoute from "~/routes/manage.organizations.$orgId.certificate-branding[.]pdf";
import * as pdfRoute from "~/routes/certificates.$certificateId.pdf";
import * as pemRoute from "~/routes/[.]well-known.issuer-certificate[.]pem";
import { db } from "~/utils/db.server";
import { logoPng, redSealPng } from "../setup/brand-images";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeUser } from "../setup/factories";
import { issueTestCertificate } from "../setup/test-certificates";

const BASE = "http://localhost:3000";
const dir = mkdtempSync(path.join(os.tmpdir(), "tma-branding-"));
beforeAll(() => syncFixtureContent());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cookieOf(userId: string) {
  return `tma_session=${(await createSession(await db(), userId)).token}`;
}

/** What a handler returned: a Response, or data() with its status. */
async function outcome(run: () => Promise<unknown>) {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response)
    return { status: value.status, bytes: Buffer.from(await value.arrayBuffer()), body: null as unknown };
  const wrapped = value as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (wrapped?.type === "DataWithResponseInit")
    return { status: wrapped.init?.status ?? 200, body: wrapped.data, bytes: Buffer.alloc(0) };
  return { status: 200, body: value, bytes: Buffer.alloc(0) };
}

function inspectPdf(pdf: Buffer) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const signature = spawnSync("pdfsig", [file], { encoding: "utf8" }).stdout;
  spawnSync("pdftoppm", ["-png", "-r", "36", "-singlefile", file, file]);
  const png = PNG.sync.read(readFileSync(`${file}.png`));
  let red = 0;
  for (let i = 0; i < png.data.length; i += 4)
    if (png.data[i]! > 180 && png.data[i + 1]! < 110 && png.data[i + 2]! < 110) red++;
  return { signature, red };
}

function post(url: string, cookie: string, fields: Record<string, string | File>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return new Request(url, { method: "POST", headers: { Cookie: cookie, Origin: BASE }, body });
}

describe("a center brands its certificates (routes)", () => {
  test("upload refused by content and size, then logo and seal, preview, publish: the holder's PDF carries the seal, signed", async () => {
    const d = await db();
    const certificate = await issueTestCertificate(d);
    const staff = await makeUser(d, { role: "center_staff", organizationId: certificate.center.id });
    const cookie = await cookieOf(staff.id);
    const holderCookie = await cookieOf(certificate.holder.id);
    const page = `${BASE}/manage/organizations/${certificate.center.id}/certificate-branding`;
    const params = { orgId: certificate.center.id };
    const holderPdf = () =>
      outcome(() =>
        pdfRoute.loader({
          request: new Request(`${BASE}/certificates/${certificate.id}/pdf`, { headers: { Cookie: holderCookie } }),
          params: { certificateId: certificate.id },
          context: {},
        }),
      );

    const before = await holderPdf();
    expect(before.status).toBe(200);
    expect(inspectPdf(before.bytes)).toMatchObject({
      red: 0,
      signature: expect.stringContaining("Signature is Valid."),
    });

    // A PDF named seal.png: refused by what it is, with a field error and status 400.
    const wrongType = await outcome(() =>
      brandingRoute.action({
        request: post(page, cookie, {
          intent: "save",
          seal: new File([Buffer.from("%PDF-1.7\n%%EOF\n")], "seal.png", { type: "image/png" }),
        }),
        params,
        context: {},
      }),
    );
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(wrongType.body)).toContain("branding.errors.pngOnly");
    // Over 512 KB: refused while reading, before anything is kept.
    const tooBig = await outcome(() =>
      brandingRoute.action({
        request: post(page, cookie, {
          intent: "save",
          logo: new File([new Uint8Array(600 * 1024)], "logo.png", { type: "image/png" }),
        }),
        params,
        context: {},
      }),
    );
    expect(tooBig.status).toBe(400);
    expect(JSON.stringify(tooBig.body)).toContain("branding.errors.tooLarge");

    const saved = await outcome(() =>
      brandingRoute.action({
        request: post(page, cookie, {
          intent: "save",
          signatoryName: "王建国",
          logo: new File([Buffer.from(logoPng())], "logo.png", { type: "image/png" }),
          seal: new File([Buffer.from(redSealPng())], "seal.png", { type: "image/png" }),
        }),
        params,
        context: {},
      }),
    );
    expect(saved).toMatchObject({ status: 200, body: { done: "saved" } });
    const view = (
      await outcome(() =>
        brandingRoute.loader({ request: new Request(page, { headers: { Cookie: cookie } }), params, context: {} }),
      )
    ).body as Awaited<ReturnType<typeof brandingRoute.loader>>;
    expect(view.draft?.images.seal).toMatch(/^data:image\/png;base64,/);
    expect(view.published).toBeNull();

    const preview = await outcome(() =>
      previewRoute.loader({
        request: new Request(`${page}.pdf?state=draft`, { headers: { Cookie: cookie } }),
        params,
        context: {},
      }),
    );
    expect(preview.status).toBe(200);
    expect(inspectPdf(preview.bytes).red).toBeGreaterThan(500);
    // Not in use yet.
    expect(inspectPdf((await holderPdf()).bytes).red).toBe(0);

    expect(
      await outcome(() =>
        brandingRoute.action({ request: post(page, cookie, { intent: "publish" }), params, context: {} }),
      ),
    ).toMatchObject({ body: { done: "published" } });
    const after = inspectPdf((await holderPdf()).bytes);
    expect(after.red).toBeGreaterThan(500);
    expect(after.signature).toContain("Signature is Valid.");

    const pem = await pemRoute.loader();
    expect(await pem.text()).toContain("-----BEGIN CERTIFICATE-----");
  });

  test("a trainee cannot open the page", async () => {
    const d = await db();
    const certificate = await issueTestCertificate(d);
    const cookie = await cookieOf(certificate.holder.id);
    const got = await outcome(() =>
      brandingRoute.loader({
        request: new Request(`${BASE}/manage/organizations/${certificate.center.id}/certificate-branding`, {
          headers: { Cookie: cookie },
        }),
        params: { orgId: certificate.center.id },
        context: {},
      }),
    );
    expect([403, 404]).toContain(got.status);
  });
});
