import { and, asc, eq, getTableColumns, gt, inArray, isNull, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { hashPassword } from "~/modules/auth/index.server";
import { activeSigningKey, issueCertificatesInBulk } from "~/modules/certificates/index.server";
import { refreshStatistics } from "~/modules/statistics/index.server";
import { addDays, chinaDate, chinaDayStart } from "~/utils/china-time";
import type { DbOrTx } from "#db/client";
import {
  caseDefences,
  cohortMembers,
  cohorts,
  courses,
  enrolments,
  examAttempts,
  lessonProgress,
  lessons,
  lessonVersions,
  levels,
  memberships,
  organizations,
  portfolioCases,
  priorQualifications,
  signingKeys,
  traineeProfiles,
  traineeTransfers,
  users,
} from "#db/schema";
import { DEMO_PASSWORD } from "./seed.server";
import { chineseName, demoPhone, employer, jobTitle, seededRandom, type Random } from "./history-people";

/**
 * The demo's history: the Taiyuan center's record since July 2020 — 496 trainees trained, 208 junior,
 * 169 intermediate, 119 senior — and smaller activity at the other regions' centers since 2022, as
 * cohorts, members, study, graded exams and certificates, so the statistics pages compute these figures
 * from the data. "Trained" means a member of a closed cohort of the level (docs/statistics.md).
 */

// The cohort that marks the history as loaded: its presence makes a later run return at once.
const MARKER_COHORT = "2020年第1期初级班";
const TAIYUAN = "太原技术转移促进中心";
// The other demo centers (db/seed.ts), with their city for employers' names and the year they began.
const OTHER_CENTERS = [
  { nameZh: "北京技术经理人培训基地", city: "北京", trainees: 118, from: 2022 },
  { nameZh: "长三角技术转移人才培训基地", city: "上海", trainees: 104, from: 2022 },
  { nameZh: "合肥技术转移人才培训基地", city: "合肥", trainees: 76, from: 2023 },
  { nameZh: "西安技术经理人培训基地", city: "西安", trainees: 58, from: 2023 },
];

type Level = "junior" | "intermediate" | "senior";
const LEVEL_WORD: Record<Level, string> = { junior: "初级", intermediate: "中级", senior: "高级" };
const LOWER_LEVELS: Record<Level, Level[]> = {
  junior: [],
  intermediate: ["junior"],
  senior: ["junior", "intermediate"],
};

interface CohortPlan {
  centerName: string;
  city: string;
  level: Level;
  startsOn: string;
  weeks: number;
  size: number;
  /** Closed cohorts are history; one open cohort per center is studying now. */
  closed: boolean;
}

// Taiyuan: 2–3 cohorts a year from July 2020, growing; the sizes add up to 208 + 169 + 119.
const TAIYUAN_COHORTS: [Level, string, number][] = [
  ["junior", "2020-07-06", 24],
  ["junior", "2020-10-12", 27],
  ["junior", "2021-03-08", 28],
  ["intermediate", "2021-09-06", 22],
  ["junior", "2022-03-07", 30],
  ["intermediate", "2022-05-09", 25],
  ["senior", "2022-09-05", 26],
  ["junior", "2023-03-06", 32],
  ["intermediate", "2023-04-10", 28],
  ["junior", "2024-03-04", 33],
  ["intermediate", "2024-04-08", 30],
  ["senior", "2024-09-02", 28],
  ["junior", "2025-03-03", 34],
  ["intermediate", "2025-04-07", 31],
  ["senior", "2025-09-01", 31],
  ["intermediate", "2026-03-02", 33],
  ["senior", "2026-04-13", 34],
];

const WEEKS: Record<Level, number> = { junior: 12, intermediate: 14, senior: 16 };

function cohortPlans(random: Random): CohortPlan[] {
  const plans: CohortPlan[] = TAIYUAN_COHORTS.map(([level, startsOn, size]) => ({
    centerName: TAIYUAN,
    city: "太原",
    level,
    startsOn,
    weeks: WEEKS[level],
    size,
    closed: true,
  }));
  plans.push({
    centerName: TAIYUAN,
    city: "太原",
    level: "junior",
    startsOn: "2026-09-07",
    weeks: 16,
    size: 31,
    closed: false,
  });
  for (const center of OTHER_CENTERS) {
    // About half junior, a third intermediate, the rest senior; cohorts of at most 40.
    const byLevel: [Level, number][] = [
      ["junior", Math.round(center.trainees * 0.5)],
      ["intermediate", Math.round(center.trainees * 0.3)],
    ];
    byLevel.push(["senior", center.trainees - byLevel[0]![1] - byLevel[1]![1]]);
    const sized = byLevel.flatMap(([level, n]) => {
      const k = Math.ceil(n / 40);
      return Array.from({ length: k }, (_, i) => [level, Math.floor(n / k) + (i < n % k ? 1 : 0)] as [Level, number]);
    });
    // Spread from March of the first year to spring 2026, in level order (juniors first, as centers grow).
    const first = Date.UTC(center.from, 2, 1);
    const last = Date.UTC(2026, 3, 1);
    sized.forEach(([level, size], i) => {
      const at = new Date(
        first + ((last - first) * i) / Math.max(1, sized.length - 1) + random.int(0, 20) * 86_400_000,
      );
      plans.push({
        centerName: center.nameZh,
        city: center.city,
        level,
        startsOn: mondayOf(at),
        weeks: WEEKS[level],
        size,
        closed: true,
      });
    });
    plans.push({
      centerName: center.nameZh,
      city: center.city,
      level: "junior",
      startsOn: "2026-09-14",
      weeks: 16,
      size: random.int(20, 32),
      closed: false,
    });
  }
  return plans;
}

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** An instant on a day in China Standard Time. */
const at = (day: string, hour: number, minute = 0) =>
  new Date(chinaDayStart(day).getTime() + hour * 3600_000 + minute * 60_000);
function mondayOf(d: Date) {
  const day = d.getUTCDay();
  return isoDay(new Date(d.getTime() - ((day + 6) % 7) * DAY));
}
// Study in the open cohorts stops short of the day the history was written (2026-11-27).
const OPEN_STUDY_UNTIL = "2026-11-25";

const CASE_TITLES = [
  "高校发明专利许可给本地装备制造企业",
  "煤基新材料中试熟化项目作价投资",
  "医疗器械技术成果转让与技术合同登记",
  "农业生物技术联合开发项目",
  "新能源电池工艺技术咨询服务",
  "科研院所专利组合运营与开放许可",
];

/**
 * Inserts rows as one JSON document per chunk (jsonb_to_recordset): one parameter instead of one per
 * value, which is what makes thousands of rows take a moment on PGlite. Every row of a call has the same keys.
 */
async function insertChunks<T extends PgTable>(db: DbOrTx, table: T, rows: T["$inferInsert"][], size = 5000) {
  if (!rows.length) return;
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => key in rows[0]!);
  const names = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(", "));
  const types = sql.raw(columns.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(", "));
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows
      .slice(i, i + size)
      .map((row) =>
        Object.fromEntries(columns.map(([key, c]) => [c.name, (row as Record<string, unknown>)[key] ?? null])),
      );
    await db.execute(
      sql`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(${types})`,
    );
  }
}

/**
 * Loads the history once. A later run finds its marker cohort in one query and returns; the first run
 * is one transaction (all or nothing), written in batches.
 */
export async function seedHistory(db: DbOrTx): Promise<{ loaded: boolean }> {
  const [done] = await db.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.name, MARKER_COHORT)).limit(1);
  if (done) return { loaded: false };

  const centerNames = [TAIYUAN, ...OTHER_CENTERS.map((c) => c.nameZh)];
  const [centerRows, levelRows, lessonRows] = await Promise.all([
    db
      .select({ id: organizations.id, nameZh: organizations.nameZh })
      .from(organizations)
      .where(and(eq(organizations.kind, "training_center"), inArray(organizations.nameZh, centerNames))),
    db.select({ slug: levels.slug, config: levels.config }).from(levels),
    db
      .select({
        levelSlug: courses.levelSlug,
        courseSlug: courses.slug,
        courseId: courses.id,
        lessonId: lessons.id,
        minutes: lessonVersions.minutes,
      })
      .from(lessons)
      .innerJoin(courses, eq(courses.id, lessons.courseId))
      .innerJoin(
        lessonVersions,
        and(eq(lessonVersions.lessonId, lessons.id), eq(lessonVersions.version, lessons.currentVersion)),
      )
      .where(and(isNull(lessons.retiredAt), isNull(courses.retiredAt)))
      .orderBy(asc(courses.position), asc(lessons.position)),
  ]);
  const centerId = new Map(centerRows.map((c) => [c.nameZh, c.id]));
  // Without the demo's centers or the curriculum (some tests) there is no history to write.
  if (!centerId.has(TAIYUAN) || !["junior", "intermediate", "senior"].every((l) => levelRows.some((r) => r.slug === l)))
    return { loaded: false };

  type LevelConfig = { requiredCourses: string[]; exam: { passPercent: number } | null };
  const config = new Map(levelRows.map((l) => [l.slug, l.config as LevelConfig]));
  const requiredLessons = (level: Level) =>
    lessonRows.filter((l) => config.get(level)!.requiredCourses.includes(l.courseSlug));
  const passTenths = (level: Level) => (config.get(level)!.exam?.passPercent ?? 60) * 10;

  const random = seededRandom(20200706);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const rows = {
    cohorts: [] as (typeof cohorts.$inferInsert)[],
    users: [] as (typeof users.$inferInsert)[],
    memberships: [] as (typeof memberships.$inferInsert)[],
    profiles: [] as (typeof traineeProfiles.$inferInsert)[],
    members: [] as (typeof cohortMembers.$inferInsert)[],
    enrolments: [] as (typeof enrolments.$inferInsert)[],
    progress: [] as (typeof lessonProgress.$inferInsert)[],
    prior: [] as (typeof priorQualifications.$inferInsert)[],
    attempts: [] as (typeof examAttempts.$inferInsert)[],
    cases: [] as (typeof portfolioCases.$inferInsert)[],
    defences: [] as (typeof caseDefences.$inferInsert)[],
    transfers: [] as (typeof traineeTransfers.$inferInsert)[],
  };
  const toCertify: { userId: string; levelSlug: Level; centerId: string; issuedAt: Date }[] = [];
  const sequenceInYear = new Map<string, number>();
  let personIndex = 0;

  for (const plan of cohortPlans(random).sort((a, b) => a.startsOn.localeCompare(b.startsOn))) {
    const center = centerId.get(plan.centerName);
    if (!center) continue;
    const year = plan.startsOn.slice(0, 4);
    const n = (sequenceInYear.get(`${center}${year}`) ?? 0) + 1;
    sequenceInYear.set(`${center}${year}`, n);
    const endsOn = addDays(plan.startsOn, plan.weeks * 7 - 3);
    const cohortId = crypto.randomUUID();
    rows.cohorts.push({
      id: cohortId,
      centerId: center,
      levelSlug: plan.level,
      name: `${year}年第${n}期${LEVEL_WORD[plan.level]}班`,
      startsOn: plan.startsOn,
      endsOn,
      capacity: plan.size <= 30 ? 30 : plan.size <= 40 ? 40 : 45,
      closedAt: plan.closed ? at(addDays(endsOn, 7), 17) : null,
      createdAt: at(addDays(plan.startsOn, -30), 10),
    });
    const lessonsOfLevel = requiredLessons(plan.level);
    const courseIds = [...new Set(lessonsOfLevel.map((l) => l.courseId))];
    const studyEnd = plan.closed ? endsOn : OPEN_STUDY_UNTIL;
    const studyDays = Math.max(1, (Date.parse(studyEnd) - Date.parse(plan.startsOn)) / DAY);

    for (let k = 0; k < plan.size; k++) {
      const userId = crypto.randomUUID();
      const joined = at(addDays(plan.startsOn, -random.int(5, 30)), random.int(9, 20), random.int(0, 59));
      rows.users.push({
        id: userId,
        phone: demoPhone(++personIndex),
        name: chineseName(random),
        passwordHash,
        createdAt: joined,
      });
      rows.profiles.push({
        userId,
        employer: employer(random, plan.city),
        jobTitle: jobTitle(random),
        updatedAt: joined,
      });
      rows.members.push({ cohortId, userId, addedAt: at(addDays(plan.startsOn, -3), 10) });
      // Those who come for a higher level hold the lower ones from before 2020 or from another center.
      for (const lower of LOWER_LEVELS[plan.level])
        rows.prior.push({
          userId,
          levelSlug: lower,
          centerId: center,
          note:
            random.next() < 0.5
              ? `${LEVEL_WORD[lower]}技术经理人资格（2020年前取得）`
              : `在其他培训基地取得${LEVEL_WORD[lower]}证书`,
          createdAt: at(addDays(plan.startsOn, -5), 11),
        });
      // A few of Taiyuan's 2021 juniors moved to Beijing later; their record at Taiyuan stays.
      const movesAway =
        plan.centerName === TAIYUAN && year === "2021" && k < 4 && centerId.has(OTHER_CENTERS[0]!.nameZh);
      const homeCenter = movesAway ? centerId.get(OTHER_CENTERS[0]!.nameZh)! : center;
      rows.memberships.push({ userId, role: "trainee", organizationId: homeCenter, createdAt: joined });
      if (movesAway)
        rows.transfers.push({
          userId,
          fromCenterId: center,
          toCenterId: homeCenter,
          reason: "工作调动至北京",
          transferredAt: at("2023-06-12", 10),
        });
      for (const courseId of courseIds) rows.enrolments.push({ userId, courseId, createdAt: at(plan.startsOn, 9) });

      // Study: every lesson in order across the cohort's weeks; in an open cohort, as far as each has come.
      const share = plan.closed ? 1 : random.next() ** 0.8;
      const completed = Math.floor(share * lessonsOfLevel.length);
      lessonsOfLevel.forEach((lesson, i) => {
        if (i > completed) return;
        const day = addDays(plan.startsOn, Math.floor(((i + 1) / (lessonsOfLevel.length + 1)) * studyDays));
        const finishedAt = at(day, random.int(19, 22), random.int(0, 59));
        const full = Math.round(lesson.minutes * 60 * (0.9 + random.next() * 0.8));
        const seconds = i < completed ? full : Math.round(full * random.next() * 0.6);
        if (seconds === 0) return;
        rows.progress.push({
          userId,
          lessonId: lesson.lessonId,
          startedAt: new Date(finishedAt.getTime() - seconds * 1000 - 600_000),
          lastVisitedAt: finishedAt,
          lastBeatAt: finishedAt,
          secondsSpent: seconds,
          completedAt: i < completed ? finishedAt : null,
        });
      });
      if (!plan.closed) continue;

      // The exam after the cohort; about one in five fails the first time, most of them pass a retake.
      let sitOn = addDays(endsOn, random.int(7, 20));
      let score = Math.min(98, Math.max(28, Math.round(random.normal(69, 12))));
      let passedOn: Date | null = null;
      for (let attempt = 0; attempt < 2 && !passedOn; attempt++) {
        if (attempt === 1) {
          if (random.next() > 0.7) break;
          sitOn = addDays(sitOn, random.int(30, 60));
          score = Math.min(96, score + random.int(5, 22));
        }
        const startedAt = at(sitOn, 9, random.int(0, 15));
        const closedAt = new Date(startedAt.getTime() + random.int(55, 88) * 60_000);
        const gradedAt = at(addDays(sitOn, 3), 16);
        const passed = score * 10 >= passTenths(plan.level);
        rows.attempts.push({
          userId,
          levelSlug: plan.level,
          status: "submitted",
          startedAt,
          deadlineAt: new Date(startedAt.getTime() + 90 * 60_000),
          closedAt,
          items: [],
          maxTenths: 1000,
          scoreTenths: score * 10,
          pendingEssays: 0,
          passed,
          gradedAt,
        });
        if (passed) passedOn = gradedAt;
      }
      if (!passedOn) continue;
      const issuedOn = addDays(chinaDate(passedOn), random.int(5, 12));
      if (plan.level === "senior") {
        // The senior certificate also asks for approved transfer cases and a passed defence.
        for (let c = 0; c < 3; c++)
          rows.cases.push({
            userId,
            title: CASE_TITLES[(personIndex + c) % CASE_TITLES.length]!,
            contractType: random.pick(["development", "transfer", "licence", "consulting", "service"] as const),
            registrationNo: `${year}${String(personIndex).padStart(4, "0")}${c}`,
            amountFen: random.int(20, 800) * 1_000_000,
            role: random.pick(["项目负责人", "技术经理人", "谈判代表"]),
            startedOn: addDays(plan.startsOn, -random.int(200, 900)),
            endedOn: addDays(plan.startsOn, -random.int(10, 190)),
            description:
              "负责需求对接、价值评估与合同谈判，推动成果完成转化并办理技术合同认定登记，项目已按约定完成交付与付款。",
            status: "approved",
            reviewedAt: at(endsOn, 15),
            createdAt: at(plan.startsOn, 15),
            updatedAt: at(endsOn, 15),
          });
        rows.defences.push({
          userId,
          levelSlug: "senior",
          result: "passed",
          heldOn: addDays(issuedOn, -3),
          panel: "基地答辩委员会",
          createdAt: at(addDays(issuedOn, -3), 17),
        });
      }
      toCertify.push({ userId, levelSlug: plan.level, centerId: center, issuedAt: at(issuedOn, 10) });
    }
  }

  await db.transaction(async (tx) => {
    await insertChunks(tx, cohorts, rows.cohorts);
    await insertChunks(tx, users, rows.users);
    await insertChunks(tx, memberships, rows.memberships);
    await insertChunks(tx, traineeProfiles, rows.profiles);
    await insertChunks(tx, cohortMembers, rows.members);
    await insertChunks(tx, enrolments, rows.enrolments);
    await insertChunks(tx, lessonProgress, rows.progress);
    await insertChunks(tx, priorQualifications, rows.prior);
    await insertChunks(tx, examAttempts, rows.attempts);
    await insertChunks(tx, portfolioCases, rows.cases);
    await insertChunks(tx, caseDefences, rows.defences);
    await insertChunks(tx, traineeTransfers, rows.transfers);
    // In order of issue, so serial numbers grow with the dates as they would have.
    toCertify.sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime());
    await issueCertificatesInBulk(tx, toCertify);
    // The records reach back to 2020 and were signed with the demo's one key: the published key says it was
    // in use since the first of them, so an offline check of the key's period accepts them.
    if (toCertify.length) {
      const { kid } = await activeSigningKey(tx);
      await tx
        .update(signingKeys)
        .set({ activeFrom: toCertify[0]!.issuedAt })
        .where(and(eq(signingKeys.kid, kid), gt(signingKeys.activeFrom, toCertify[0]!.issuedAt)));
    }
    await refreshStatistics(tx);
  });
  return { loaded: true };
}
