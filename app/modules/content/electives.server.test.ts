import { describe, expect, test } from "vitest";
import { fixtureFiles, syncFixtureContent } from "../../../tests/setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../../../tests/setup/factories";
import { db } from "~/utils/db.server";
import { courseProgressOf, enrol, openLesson } from "~/modules/learning/index.server";
import { catalogOfLevel, findLiveCourse, levelConfigOf } from "./catalog.server";
import { createElective } from "./electives.server";

const holdsNothing = new Set<string>();
const input = {
  levelSlug: "junior",
  module: "政策法规" as const,
  titleZh: "山西省科技成果转化政策",
  titleEn: "Shanxi's technology transfer policies",
  summaryZh: "本省的地方政策。",
  summaryEn: "The province's own policies.",
  objectives: "了解本省的奖励办法\n会办理本省的登记手续",
  lessonTitleZh: "本省的奖励办法",
  lessonTitleEn: "The province's rewards",
  minutes: 20,
  markdown: "## 奖励办法\n\n<script>alert(1)</script>\n\n本省对技术经理人的奖励。",
};

describe("electives of a center", () => {
  test("only the center's trainees see, enrol in and study it; it never becomes a required course", async () => {
    const d = await db();
    await syncFixtureContent();
    const region = await makeRegion(d);
    const [center, other] = [await makeOrganization(d, region.id), await makeOrganization(d, (await makeRegion(d)).id)];
    const staff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    const otherStaff = await actorFor(d, (await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    const mine = await makeUser(d, { role: "trainee", organizationId: center.id });
    const theirs = await makeUser(d, { role: "trainee", organizationId: other.id });

    // Staff of another center cannot add one for this center.
    await expect(createElective(d, otherStaff, { centerId: center.id, regionId: region.id }, input)).rejects.toMatchObject({ status: 403 });
    const created = await createElective(d, staff, { centerId: center.id, regionId: region.id }, input);
    if (!created.ok) throw new Error(created.message);

    const seen = await catalogOfLevel(d, "junior", mine.id);
    expect(seen.find((c) => c.slug === created.slug)).toMatchObject({ titleZh: input.titleZh, elective: true });
    expect((await catalogOfLevel(d, "junior", theirs.id)).map((c) => c.slug)).not.toContain(created.slug);
    expect(await findLiveCourse(d, created.slug, theirs.id)).toBeNull();
    await expect(enrol(d, theirs.id, created.slug, holdsNothing)).rejects.toMatchObject({ status: 404 });
    await expect(openLesson(d, theirs.id, created.slug, "lesson-1", holdsNothing)).rejects.toMatchObject({ status: 404 });

    await enrol(d, mine.id, created.slug, holdsNothing);
    const opened = await openLesson(d, mine.id, created.slug, "lesson-1", holdsNothing);
    if (!opened.enrolled) throw new Error("not enrolled");
    // Rendered by the publishing pipeline: the script is gone.
    expect(opened.lesson.bodyHtml).toContain("本省对技术经理人的奖励");
    expect(opened.lesson.bodyHtml).not.toContain("<script");
    // Its study belongs to the level (hours), yet the level's required courses are what the rules say.
    expect((await courseProgressOf(d, mine.id)).find((c) => c.slug === created.slug)).toMatchObject({ levelSlug: "junior", lessonsTotal: 1 });
    expect((await levelConfigOf(d, "junior"))?.requiredCourses).toEqual(["law"]);

    // A later sync from files leaves it alone: it has no file and was made in the app.
    await syncFixtureContent(fixtureFiles());
    expect(await findLiveCourse(d, created.slug, mine.id)).not.toBeNull();
  });
});
