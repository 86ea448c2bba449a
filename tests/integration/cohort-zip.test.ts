import { beforeAll, describe, expect, test } from "vitest";
import { cohortMembers, cohorts } from "#db/schema";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/index.server";
import { issueCertificate } from "~/modules/certificates/index.server";
import * as cohortRoute from "~/routes/manage.organizations.$orgId.cohorts.$cohortId";
import * as zipRoute from "~/routes/manage.organizations.$orgId.cohorts.$cohortId_.certificates[.]zip";
import { db } from "~/utils/db.server";

beforeAll(() => syncFixtureContent());

const BASE = "http://localhost:3000";

async function world() {
  const d = await db();
  const center = await makeOrganization(d, (await makeRegion(d)).id);
  const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
  const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
  const [cohort] = await d
    .insert(cohorts)
    .values({
      centerId: center.id,
      levelSlug: "junior",
      name: "2027年第1期初级班",
      startsOn: "2027-03-01",
      endsOn: "2027-06-30",
      capacity: 30,
    })
    .returning();
  await d.insert(cohortMembers).values({ cohortId: cohort!.id, userId: trainee.id });
  const { token } = await createSession(d, staff.id);
  const get = (path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: `tma_session=${token}` } });
  const params = { orgId: center.id, cohortId: cohort!.id };
  return { d, center, trainee, get, params, path: `/manage/organizations/${center.id}/cohorts/${cohort!.id}` };
}

describe("the cohort's certificates ZIP", () => {
  test("with no certificate the page disables the button and the download says why instead of an empty ZIP", async () => {
    const { get, params, path } = await world();
    const page = await cohortRoute.loader({ request: get(path), params, context: {} as never });
    expect(page.zipFiles).toBe(0);
    const response = await zipRoute.loader({ request: get(`${path}/certificates.zip`), params, context: {} as never });
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toContain("text/plain");
    expect(await response.text()).toContain("还没有可下载的证书");
  });

  test("once a member is certified the page counts the file and the ZIP is served", async () => {
    const { d, center, trainee, get, params, path } = await world();
    await issueCertificate(d, {
      userId: trainee.id,
      levelSlug: "junior",
      centerId: center.id,
      issuedAt: new Date(),
      issuedBy: null,
    });
    const page = await cohortRoute.loader({ request: get(path), params, context: {} as never });
    expect(page.zipFiles).toBe(1);
    const response = await zipRoute.loader({ request: get(`${path}/certificates.zip`), params, context: {} as never });
    expect(response.headers.get("Content-Type")).toBe("application/zip");
    await response.body?.cancel();
  });
});
