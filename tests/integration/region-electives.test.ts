// A region admin's electives page: courses for the trainees of every center of the region (issue #11, point 7).
import { beforeAll, describe, expect, test } from "vitest";
import { createSession } from "~/modules/auth/index.server";
import { catalogOfLevel } from "~/modules/content/index.server";
import * as regionElectives from "~/routes/manage.regions.$regionId_.electives";
import { db } from "~/utils/db.server";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { outcome } from "../setup/route-outcome";

const BASE = "http://localhost:3000";
beforeAll(() => syncFixtureContent());

async function cookieOf(userId: string) {
  return `tma_session=${(await createSession(await db(), userId)).token}`;
}

function elective(titleZh: string) {
  const body = new FormData();
  for (const [k, v] of Object.entries({
    levelSlug: "junior",
    module: "政策法规",
    titleZh,
    titleEn: "The province's policies",
    summaryZh: "本省的地方政策。",
    summaryEn: "The province's own policies.",
    objectives: "了解本省的奖励办法",
    lessonTitleZh: "本省的奖励办法",
    lessonTitleEn: "The province's rewards",
    minutes: "20",
    markdown: "## 奖励办法\n\n本省对技术经理人的奖励。",
  }))
    body.set(k, v);
  return body;
}

describe("a region's electives", () => {
  test("its admin adds one that the trainees of all its centers see, and nobody else", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const otherRegion = await makeRegion(d);
    const [centerA, centerB] = [await makeOrganization(d, region.id), await makeOrganization(d, region.id)];
    const elsewhere = await makeOrganization(d, otherRegion.id);
    const admin = await cookieOf((await makeUser(d, { role: "region_admin", regionId: region.id })).id);
    const url = `${BASE}/manage/regions/${region.id}/electives`;
    const post = (cookie: string, body: FormData) =>
      outcome(() =>
        regionElectives.action({
          request: new Request(url, { method: "POST", headers: { Cookie: cookie, Origin: BASE }, body }),
          params: { regionId: region.id },
          context: {},
        }),
      );

    // A title is required: the form says so, nothing is added.
    const empty = elective("");
    const refused = await post(admin, empty);
    expect(refused.status).toBe(400);

    const added = await post(admin, elective("山西省技术转移奖励政策"));
    expect(added.status).toBe(200);
    const page = await outcome(() =>
      regionElectives.loader({
        request: new Request(url, { headers: { Cookie: admin } }),
        params: { regionId: region.id },
        context: {},
      }),
    );
    const listed = (page.body as { electives: { slug: string; titleZh: string; ofRegion: boolean }[] }).electives;
    expect(listed).toEqual([expect.objectContaining({ titleZh: "山西省技术转移奖励政策", ofRegion: true })]);

    const slug = listed[0]!.slug;
    for (const center of [centerA, centerB]) {
      const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
      expect((await catalogOfLevel(d, "junior", trainee.id)).map((c) => c.slug)).toContain(slug);
    }
    const outsider = await makeUser(d, { role: "trainee", organizationId: elsewhere.id });
    expect((await catalogOfLevel(d, "junior", outsider.id)).map((c) => c.slug)).not.toContain(slug);
  });

  test("another region's admin and the region's center staff are refused, and nothing is added", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const otherAdmin = await cookieOf(
      (await makeUser(d, { role: "region_admin", regionId: (await makeRegion(d)).id })).id,
    );
    const staff = await cookieOf((await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    const url = `${BASE}/manage/regions/${region.id}/electives`;
    for (const cookie of [otherAdmin, staff]) {
      const got = await outcome(() =>
        regionElectives.action({
          request: new Request(url, {
            method: "POST",
            headers: { Cookie: cookie, Origin: BASE },
            body: elective("越权课程"),
          }),
          params: { regionId: region.id },
          context: {},
        }),
      );
      expect(got.status).toBe(403);
    }
    const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
    expect((await catalogOfLevel(d, "junior", trainee.id)).map((c) => c.titleZh)).not.toContain("越权课程");
  });
});
