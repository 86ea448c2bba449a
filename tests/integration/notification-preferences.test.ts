// The account page's e-mail switches: each person is offered the kinds they can receive, and saving them leaves
// the kinds they were not offered as they were.
import { describe, expect, test } from "vitest";
import { createSession } from "~/modules/auth/index.server";
import { emailPreferencesOf } from "~/modules/notifications/index.server";
import * as accountRoute from "~/routes/account";
import { db } from "~/utils/db.server";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { outcome } from "../setup/route-outcome";

const BASE = "http://localhost:3000";

async function cookieOf(userId: string) {
  return `tma_session=${(await createSession(await db(), userId)).token}`;
}
const offeredTo = async (cookie: string) => {
  const page = await outcome(() =>
    accountRoute.loader({
      request: new Request(`${BASE}/account`, { headers: { Cookie: cookie } }),
      params: {},
      context: {},
    }),
  );
  return (page.body as { notificationKinds: string[] }).notificationKinds;
};

describe("notification e-mail switches", () => {
  test("a platform admin's alert about a tampered certificate is offered to platform admins only", async () => {
    const d = await db();
    const center = await makeOrganization(d, (await makeRegion(d)).id);
    const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
    const admin = await makeUser(d, { role: "platform_admin" });
    const traineeKinds = await offeredTo(await cookieOf(trainee.id));
    expect(traineeKinds).toContain("certificate_issued");
    expect(traineeKinds).not.toContain("certificate_tampered");
    expect(await offeredTo(await cookieOf(admin.id))).toContain("certificate_tampered");
  });

  test("saving the switches changes only the kinds offered", async () => {
    const d = await db();
    const center = await makeOrganization(d, (await makeRegion(d)).id);
    const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
    const body = new FormData();
    body.set("intent", "notification-preferences");
    body.append("email", "certificate_issued");
    const cookie = await cookieOf(trainee.id);
    const saved = await outcome(() =>
      accountRoute.action({
        request: new Request(`${BASE}/account`, {
          method: "POST",
          headers: { Cookie: cookie, Origin: BASE },
          body,
        }),
        params: {},
        context: {},
      }),
    );
    expect(saved.status).toBe(200);
    const preferences = await emailPreferencesOf(d, trainee.id);
    expect(preferences.certificate_issued).toBe(true);
    expect(preferences.session_reminder).toBe(false);
    // Not offered, so not switched off by a form that never showed it.
    expect(preferences.certificate_tampered).toBe(true);
  });
});
