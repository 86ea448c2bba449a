// The holder's photo and ID number through the routes: the body's switches on its design page, the trainee's
// page (nothing asked while off), the center's photo queue (its own trainees only).
import { PNG } from "pngjs";
import { beforeAll, describe, expect, test } from "vitest";
import { createSession } from "~/modules/auth/index.server";
import * as accountRoute from "~/routes/account";
import * as identityRoute from "~/routes/account_.certificate-identity";
import * as brandingRoute from "~/routes/manage.organizations.$orgId.certificate-branding";
import * as queueRoute from "~/routes/manage.organizations.$orgId.holder-photos";
import { db } from "~/utils/db.server";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { outcome } from "../setup/route-outcome";

const BASE = "http://localhost:3000";
const IDENTITY = `${BASE}/account/certificate-identity`;
beforeAll(() => syncFixtureContent());

async function cookieOf(userId: string) {
  return `tma_session=${(await createSession(await db(), userId)).token}`;
}
const get = (url: string, cookie: string) => new Request(url, { headers: { Cookie: cookie } });
function post(url: string, cookie: string, fields: Record<string, string | File>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return new Request(url, { method: "POST", headers: { Cookie: cookie, Origin: BASE }, body });
}
function portraitPng(): Uint8Array {
  const png = new PNG({ width: 300, height: 420 });
  for (let i = 0; i < 300 * 420; i++) png.data.set([120, 150, 200, 255], i * 4);
  return new Uint8Array(PNG.sync.write(png));
}

describe("holder photo and ID number (routes)", () => {
  test("off: nothing asked; the body switches them on; the trainee's page; the center's queue, scoped", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const centerA = await makeOrganization(d, region.id);
    const centerB = await makeOrganization(d, region.id);
    const body = await makeOrganization(d, null, "certification_body");
    const admin = await cookieOf((await makeUser(d, { role: "platform_admin" })).id);
    const trainee = await makeUser(d, { role: "trainee", organizationId: centerA.id });
    const traineeCookie = await cookieOf(trainee.id);
    const staffA = await cookieOf((await makeUser(d, { role: "center_staff", organizationId: centerA.id })).id);
    const staffB = await cookieOf((await makeUser(d, { role: "center_staff", organizationId: centerB.id })).id);

    // Off by default: no link on the account page, the page itself is not found, posts are refused.
    const account = await outcome(() =>
      accountRoute.loader({ request: get(`${BASE}/account`, traineeCookie), params: {}, context: {} }),
    );
    expect(account.body).toMatchObject({ holderFields: { photo: false, idNumber: false } });
    expect(
      (await outcome(() => identityRoute.loader({ request: get(IDENTITY, traineeCookie), params: {}, context: {} })))
        .status,
    ).toBe(404);
    const refused = await outcome(() =>
      identityRoute.action({
        request: post(IDENTITY, traineeCookie, { intent: "id-number", idNumber: "11010519491231002X" }),
        params: {},
        context: {},
      }),
    );
    expect(refused).toMatchObject({ status: 400, body: { errors: ["holderIdentity.errors.idNumberOff"] } });

    // The platform switches both on for the body, previews, then puts the design to use.
    const bodyPage = `${BASE}/manage/organizations/${body.id}/certificate-branding`;
    const params = { orgId: body.id };
    expect(
      await outcome(() =>
        brandingRoute.action({
          request: post(bodyPage, admin, { intent: "save", holderPhoto: "on", holderIdNumber: "on" }),
          params,
          context: {},
        }),
      ),
    ).toMatchObject({ status: 200, body: { done: "saved" } });
    // A center's staff cannot reach the body's page.
    expect(
      (await outcome(() => brandingRoute.loader({ request: get(bodyPage, staffA), params, context: {} }))).status,
    ).toBe(403);
    const draftView = (
      await outcome(() => brandingRoute.loader({ request: get(bodyPage, admin), params, context: {} }))
    ).body as Awaited<ReturnType<typeof brandingRoute.loader>>;
    expect(draftView.draft?.holderFields).toEqual({ photo: true, idNumber: true });
    expect(
      (await outcome(() => identityRoute.loader({ request: get(IDENTITY, traineeCookie), params: {}, context: {} })))
        .status,
    ).toBe(404);
    await outcome(() =>
      brandingRoute.action({ request: post(bodyPage, admin, { intent: "publish" }), params, context: {} }),
    );

    const page = await outcome(() =>
      identityRoute.loader({ request: get(IDENTITY, traineeCookie), params: {}, context: {} }),
    );
    expect(page).toMatchObject({
      status: 200,
      body: { fields: { photo: true, idNumber: true }, hasCenter: true, latest: null },
    });

    // The ID number: a mistyped digit is refused with its own message; a good one is kept masked only.
    expect(
      await outcome(() =>
        identityRoute.action({
          request: post(IDENTITY, traineeCookie, { intent: "id-number", idNumber: "110105194912310021" }),
          params: {},
          context: {},
        }),
      ),
    ).toMatchObject({ status: 400, body: { intent: "id-number", errors: ["holderIdentity.errors.checkDigit"] } });
    expect(
      await outcome(() =>
        identityRoute.action({
          request: post(IDENTITY, traineeCookie, { intent: "id-number", idNumber: "" }),
          params: {},
          context: {},
        }),
      ),
    ).toMatchObject({ status: 400, body: { intent: "id-number", errors: ["holderIdentity.errors.format"] } });
    expect(
      await outcome(() =>
        identityRoute.action({
          request: post(IDENTITY, traineeCookie, { intent: "id-number", idNumber: "11010519491231002x" }),
          params: {},
          context: {},
        }),
      ),
    ).toMatchObject({ status: 200, body: { masked: "110***********002X" } });

    // The photo: a PDF named .jpg is refused by its content; a portrait PNG waits for the center.
    const notAPhoto = await outcome(() =>
      identityRoute.action({
        request: post(IDENTITY, traineeCookie, {
          intent: "photo",
          photo: new File([Buffer.from("%PDF-1.7\n%%EOF\n")], "me.jpg", { type: "image/jpeg" }),
        }),
        params: {},
        context: {},
      }),
    );
    expect(notAPhoto).toMatchObject({ status: 400, body: { errors: ["holderIdentity.errors.photoType"] } });
    const tooBig = await outcome(() =>
      identityRoute.action({
        request: post(IDENTITY, traineeCookie, {
          intent: "photo",
          photo: new File([new Uint8Array(600 * 1024)], "me.png", { type: "image/png" }),
        }),
        params: {},
        context: {},
      }),
    );
    expect(tooBig).toMatchObject({ status: 400, body: { errors: ["holderIdentity.errors.photoTooLarge"] } });
    expect(
      await outcome(() =>
        identityRoute.action({
          request: post(IDENTITY, traineeCookie, {
            intent: "photo",
            photo: new File([Buffer.from(portraitPng())], "me.png", { type: "image/png" }),
          }),
          params: {},
          context: {},
        }),
      ),
    ).toMatchObject({ status: 200, body: { done: "holderIdentity.photoSubmitted" } });

    // Center B sees nothing and cannot approve it; the trainee cannot open a queue; center A approves.
    const queue = (center: string, cookie: string) =>
      outcome(() =>
        queueRoute.loader({
          request: get(`${BASE}/manage/organizations/${center}/holder-photos`, cookie),
          params: { orgId: center },
          context: {},
        }),
      );
    expect((await queue(centerB.id, staffB)).body).toMatchObject({ photos: [], total: 0 });
    expect([403, 404]).toContain((await queue(centerA.id, staffB)).status);
    expect([403, 404]).toContain((await queue(centerA.id, traineeCookie)).status);
    const listed = (await queue(centerA.id, staffA)).body as Awaited<ReturnType<typeof queueRoute.loader>>;
    expect(listed.photos).toHaveLength(1);
    const photoId = listed.photos[0]!.id;
    const decide = (center: string, cookie: string, fields: Record<string, string>) =>
      outcome(() =>
        queueRoute.action({
          request: post(`${BASE}/manage/organizations/${center}/holder-photos`, cookie, fields),
          params: { orgId: center },
          context: {},
        }),
      );
    expect(await decide(centerB.id, staffB, { intent: "approve", photoId })).toMatchObject({
      status: 409,
      body: { errors: ["holderIdentity.errors.photoNotFound"] },
    });
    expect(await decide(centerA.id, staffA, { intent: "return", photoId, reason: "" })).toMatchObject({
      status: 400,
      body: { errors: ["holderIdentity.errors.reasonRequired"] },
    });
    expect(await decide(centerA.id, staffA, { intent: "approve", photoId })).toMatchObject({
      status: 200,
      body: { done: "approved", name: trainee.name },
    });
    const after = await outcome(() =>
      identityRoute.loader({ request: get(IDENTITY, traineeCookie), params: {}, context: {} }),
    );
    expect(after.body).toMatchObject({
      approved: { image: expect.stringMatching(/^data:image\/png;base64,/) },
      latest: null,
    });
  });
});
