import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** A small, valid curriculum: two levels (the second needs the first), two courses, three lessons. */
export function fixtureFiles(): Record<string, string> {
  const lesson = (title: string, minutes = 10, body = "本课时讲解技术转移的基本概念。") => `---
title:
  zh: ${title}
  en: ${title} (en)
minutes: ${minutes}
selfCheck:
  - question: 技术合同有几类？
    options: [三类, 五类, 七类]
    answer: 1
    explanation: 民法典第八百四十三条规定了五类技术合同。
---
## 一、概念
${body}
`;
  const course = (slug: string, module = "政策法规") => `---
slug: ${slug}
title:
  zh: 课程${slug}
  en: Course ${slug}
module: ${module}
summary:
  zh: 课程简介。
  en: A summary.
objectives:
  - 理解基本概念
---
课程介绍。
`;
  return {
    "content/levels.yaml": `studyTime:
  maxMultipleOfEstimate: 2
levels:
  - slug: junior
    code: J
    name: { zh: 初级, en: Junior }
    requiredCourses: [law]
    minStudyHours: 0.5
    exam:
      title: { zh: 初级考试, en: Junior exam }
      durationMinutes: 60
      passPercent: 60
      attemptLimit: 2
      waitHoursBetweenAttempts: 24
      review: score
      sections:
        - { name: { zh: 全部题目, en: All questions }, draw: 6 }
    certificate: { validityYears: 3, renewalHours: 10 }
  - slug: intermediate
    code: I
    name: { zh: 中级, en: Intermediate }
    prerequisites: [{ level: junior, requires: certificate }]
    requiredCourses: [valuation]
    minStudyHours: 1
    certificate: { validityYears: 3, renewalHours: 10 }
`,
    "content/courses/junior/law/course.md": course("law"),
    "content/courses/junior/law/01-five-ways.md": lesson("五种方式"),
    "content/courses/junior/law/02-rewards.md": lesson("奖励与报酬", 20),
    "content/courses/intermediate/valuation/course.md": course("valuation", "实务技能"),
    "content/courses/intermediate/valuation/01-methods.md": lesson("评估方法"),
    "content/questions/junior/law.yaml": `topic: law
title: { zh: 促进科技成果转化法, en: The transformation law }
module: 政策法规
questions:
  - id: law-001
    type: single
    difficulty: 2
    stem: 技术合同有几类？
    options: [三类, 五类, 七类, 九类]
    answer: 1
    explanation: 民法典第八百四十三条规定了五类。
  - id: law-002
    type: multiple
    difficulty: 3
    stem: 以下哪些是第十六条规定的转化方式？
    options: [自行投资实施, 许可他人使用, 作价投资, 无偿捐赠境外]
    answer: [0, 1, 2]
    explanation: 无偿捐赠境外不在其列。
  - id: law-003
    type: true_false
    difficulty: 1
    stem: 协议定价的，应当在本单位公示。
    answer: true
    explanation: 第十八条。
  - id: law-004
    type: fill_in
    difficulty: 2
    stem: 转让净收入中提取不低于百分之____用于奖励。
    answer: ["五十", "50"]
    explanation: 第四十五条。
  - id: law-005
    type: essay
    difficulty: 4
    points: 10
    stem: 说明作价投资的主要步骤。
    rubric: 决策程序 4 分；定价 3 分；股权奖励 3 分。
    explanation: 参考要点。
  - id: law-006
    type: case
    difficulty: 4
    scenario: 某高校课题组拟将一项专利许可给企业。
    parts:
      - type: single
        stem: 应签订哪类合同？
        options: [技术开发合同, 技术许可合同, 技术咨询合同]
        answer: 1
        explanation: 许可他人实施专利。
      - type: essay
        points: 6
        stem: 说明许可费结构的设计思路。
        rubric: |
          1. 入门费（3 分）：锁定最低收入。
          2. 提成（3 分）：分享市场收益。
        explanation: 参考要点。
`,
    "public/content/images/diagram.svg": `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>图</title></svg>`,
  };
}

/** Writes a content tree into a fresh temporary folder; returns its content/ and public/ paths. */
export async function writeContent(files: Record<string, string | null>) {
  const root = await mkdtemp(path.join(os.tmpdir(), "tma-content-"));
  for (const [name, text] of Object.entries(files)) {
    if (text === null) continue;
    const full = path.join(root, name);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, text);
  }
  return {
    contentDir: path.join(root, "content"),
    publicDir: path.join(root, "public"),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * Studies the fixture's junior course to the end through the real learning service: enrolled, every
 * lesson opened, 40 minutes of heartbeats each (capped by the server), its self-check answered, and completed.
 */
export async function finishFixtureJuniorStudy(userId: string, before: Date) {
  const { db } = await import("~/utils/db.server");
  const { answerSelfCheck, completeLesson, enrol, openLesson, recordHeartbeat } =
    await import("~/modules/learning/index.server");
  const { heldLevelsOf } = await import("~/modules/certificates/index.server");
  const d = await db();
  await enrol(d, userId, "law", heldLevelsOf(d, userId));
  for (const slug of ["five-ways", "rewards"]) {
    const start = new Date(before.getTime() - 2 * 3600_000);
    const opened = await openLesson(d, userId, "law", slug, heldLevelsOf(d, userId), start);
    if (!opened.enrolled) throw new Error("not enrolled");
    for (let i = 1; i <= 8; i++)
      await recordHeartbeat(d, {
        userId,
        lessonId: opened.lesson.id,
        seconds: 300,
        now: new Date(start.getTime() + i * 300_000),
      });
    // The completion rule (levels.yaml's default) also asks for the self-check.
    await answerSelfCheck(d, { userId, lessonId: opened.lesson.id, question: 0, choice: 1 });
    const completed = await completeLesson(d, userId, opened.lesson.id);
    if (!completed.ok) throw new Error(`lesson ${slug} not completed: ${JSON.stringify(completed.blockers)}`);
  }
}

/** An exam session of the fixture's junior exam, open for these trainees by name (at a center of its own). */
export async function openFixtureSession(userIds: string[], opensAt: Date, closesAt: Date, levelSlug = "junior") {
  const { db } = await import("~/utils/db.server");
  const { examSessions, examSessionCandidates } = await import("#db/schema");
  const { makeOrganization, makeRegion } = await import("./factories");
  const d = await db();
  const center = await makeOrganization(d, (await makeRegion(d)).id);
  const [session] = await d
    .insert(examSessions)
    .values({ centerId: center.id, levelSlug, name: "测试场次", opensAt, closesAt })
    .returning();
  if (userIds.length)
    await d.insert(examSessionCandidates).values(userIds.map((userId) => ({ sessionId: session!.id, userId })));
  return session!;
}

/** Writes the fixture content (or a variant of it) and syncs it into this test file's database. */
export async function syncFixtureContent(files: Record<string, string | null> = fixtureFiles()) {
  const { db } = await import("~/utils/db.server");
  const { loadContent } = await import("~/modules/content/index.server");
  const { syncContent } = await import("~/modules/content/index.server");
  const dirs = await writeContent(files);
  const { content } = await loadContent(dirs.contentDir, dirs.publicDir, 0);
  await syncContent(await db(), content!);
  await dirs.cleanup();
}
