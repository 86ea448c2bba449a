import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { hashPassword } from "~/modules/auth/index.server";
import { issueCertificate } from "~/modules/certificates/index.server";
import { recordConsent } from "~/modules/privacy/index.server";
import { chinaDate } from "~/utils/china-time";
import type { DbOrTx } from "#db/client";
import {
  cohortInstructors,
  cohortMembers,
  cohorts,
  courses,
  examAttempts,
  examSessions,
  enrolments,
  lessonProgress,
  lessons,
  lessonVersions,
  levels,
  memberships,
  organizations,
  regions,
  users,
  type OrganizationKind,
  type Role,
} from "#db/schema";

/** The demo's shared password; printed at start and listed in README.md. Never used outside the demo. */
export const DEMO_PASSWORD = "Demo@2026";

const demoRegions = [
  { code: "SX", nameZh: "山西（太原）", nameEn: "Shanxi (Taiyuan)" },
  { code: "BJ", nameZh: "北京", nameEn: "Beijing" },
  { code: "HF", nameZh: "合肥", nameEn: "Hefei" },
  { code: "XA", nameZh: "西安", nameEn: "Xi'an" },
  { code: "YRD", nameZh: "长三角", nameEn: "Yangtze River Delta" },
];

const demoOrganizations: {
  key: string;
  kind: OrganizationKind;
  region: string | null;
  nameZh: string;
  nameEn: string;
}[] = [
  {
    key: "body",
    kind: "certification_body",
    region: null,
    nameZh: "技术经理人学院认证中心",
    nameEn: "TM Academy Certification Body",
  },
  {
    key: "taiyuan",
    kind: "training_center",
    region: "SX",
    nameZh: "太原技术转移促进中心",
    nameEn: "Taiyuan Technology Transfer Promotion Center",
  },
  // Shanxi's second center, opened in 2026 (no history yet): a region admin moves trainees between the two.
  {
    key: "jinzhong",
    kind: "training_center",
    region: "SX",
    nameZh: "晋中技术转移人才培训基地",
    nameEn: "Jinzhong Technology Transfer Training Center",
  },
  {
    key: "beijing",
    kind: "training_center",
    region: "BJ",
    nameZh: "北京技术经理人培训基地",
    nameEn: "Beijing Technology Manager Training Center",
  },
  {
    key: "hefei",
    kind: "training_center",
    region: "HF",
    nameZh: "合肥技术转移人才培训基地",
    nameEn: "Hefei Technology Transfer Training Center",
  },
  {
    key: "xian",
    kind: "training_center",
    region: "XA",
    nameZh: "西安技术经理人培训基地",
    nameEn: "Xi'an Technology Manager Training Center",
  },
  {
    key: "yrd",
    kind: "training_center",
    region: "YRD",
    nameZh: "长三角技术转移人才培训基地",
    nameEn: "Yangtze River Delta Technology Transfer Training Center",
  },
  {
    key: "employer",
    kind: "employer",
    region: "SX",
    nameZh: "山西智造科技有限公司",
    nameEn: "Shanxi Smart Manufacturing Co., Ltd.",
  },
];

export const demoAccounts: {
  email: string;
  phone?: string;
  name: string;
  role: Role;
  org?: string;
  region?: string;
}[] = [
  { email: "admin@demo.tm-academy.cn", name: "平台管理员", role: "platform_admin", org: "body" },
  { email: "region.sx@demo.tm-academy.cn", name: "山西区域管理员", role: "region_admin", region: "SX" },
  { email: "staff.taiyuan@demo.tm-academy.cn", name: "太原基地管理员", role: "center_staff", org: "taiyuan" },
  { email: "staff.jinzhong@demo.tm-academy.cn", name: "晋中基地管理员", role: "center_staff", org: "jinzhong" },
  { email: "staff.beijing@demo.tm-academy.cn", name: "北京基地管理员", role: "center_staff", org: "beijing" },
  { email: "hr@demo.tm-academy.cn", name: "用人单位人事", role: "employer", org: "employer" },
  // The certification body's question writer and reviewer (docs/authoring.md).
  { email: "editor@demo.tm-academy.cn", name: "题库编辑", role: "content_editor", org: "body" },
  { email: "reviewer@demo.tm-academy.cn", name: "题库审核", role: "content_reviewer", org: "body" },
  { email: "trainee@demo.tm-academy.cn", phone: "13800138000", name: "张晓芳", role: "trainee", org: "taiyuan" },
  // Has finished the junior courses and hours: ready to sit the junior exam.
  { email: "ready@demo.tm-academy.cn", name: "李明", role: "trainee", org: "taiyuan" },
  // Holds a junior certificate: to download, scan and verify.
  { email: "holder@demo.tm-academy.cn", phone: "13900139000", name: "王芳", role: "trainee", org: "taiyuan" },
  // Two Beijing candidates ready for the junior exam: the proctor console's journey (docs/exam-integrity.md).
  { email: "candidate1@demo.tm-academy.cn", name: "赵强", role: "trainee", org: "beijing" },
  { email: "candidate2@demo.tm-academy.cn", name: "陈静", role: "trainee", org: "beijing" },
];

/**
 * Loads the demo data. Idempotent: every row is looked up by its natural key first, so running it
 * again (or after a partial load) adds only what is missing and changes nothing that exists.
 */
export async function seedDemo(db: DbOrTx) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.insert(regions).values(demoRegions).onConflictDoNothing({ target: regions.code });
    const regionRows = await tx.select({ id: regions.id, code: regions.code }).from(regions);
    const regionId = (code: string | null | undefined) =>
      code ? (regionRows.find((r) => r.code === code)?.id ?? null) : null;

    const orgIds = new Map<string, string>();
    for (const org of demoOrganizations) {
      const [existing] = await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(and(eq(organizations.kind, org.kind), eq(organizations.nameZh, org.nameZh)));
      const id =
        existing?.id ??
        (
          await tx
            .insert(organizations)
            .values({ kind: org.kind, regionId: regionId(org.region), nameZh: org.nameZh, nameEn: org.nameEn })
            .returning({ id: organizations.id })
        )[0]?.id;
      if (id) orgIds.set(org.key, id);
    }

    for (const account of demoAccounts) {
      await tx
        .insert(users)
        .values({ email: account.email, phone: account.phone ?? null, name: account.name, passwordHash })
        .onConflictDoNothing();
      const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, account.email));
      if (!user) continue;
      // The demo's people agreed to the privacy notice as if they had signed up (docs/privacy.md).
      await recordConsent(tx, user.id, "signup");
      await tx
        .insert(memberships)
        .values({
          userId: user.id,
          role: account.role,
          organizationId: account.org ? (orgIds.get(account.org) ?? null) : null,
          regionId: regionId(account.region),
        })
        .onConflictDoNothing();
    }

    await seedFinishedJuniorStudy(tx, "ready@demo.tm-academy.cn");
    await seedFinishedJuniorStudy(tx, "candidate1@demo.tm-academy.cn");
    await seedFinishedJuniorStudy(tx, "candidate2@demo.tm-academy.cn");
    await seedDemoCohort(tx, orgIds.get("taiyuan"));
    await seedJuniorHolder(tx, "holder@demo.tm-academy.cn", orgIds.get("taiyuan"));
  });
}

const DAY_MS = 86_400_000;

/** A trainee who studied, passed the junior exam a month ago and holds the signed junior certificate. */
async function seedJuniorHolder(tx: DbOrTx, email: string, centerId: string | undefined) {
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
  const [junior] = await tx.select({ slug: levels.slug }).from(levels).where(eq(levels.slug, "junior"));
  if (!user || !junior || !centerId) return;
  await seedFinishedJuniorStudy(tx, email);
  const passedAt = new Date(Date.now() - 30 * DAY_MS);
  const [passed] = await tx
    .select({ id: examAttempts.id })
    .from(examAttempts)
    .where(and(eq(examAttempts.userId, user.id), eq(examAttempts.passed, true)));
  if (!passed)
    await tx.insert(examAttempts).values({
      userId: user.id,
      levelSlug: "junior",
      status: "submitted",
      startedAt: new Date(passedAt.getTime() - 80 * 60_000),
      deadlineAt: new Date(passedAt.getTime() + 10 * 60_000),
      closedAt: passedAt,
      // A demo record of the result only: the questions it showed are not kept.
      items: [],
      maxTenths: 1000,
      scoreTenths: 835,
      passed: true,
      gradedAt: passedAt,
    });
  await issueCertificate(tx, { userId: user.id, levelSlug: "junior", centerId, issuedAt: passedAt, issuedBy: null });
}

/**
 * A running junior cohort at Taiyuan with the two demo trainees, taught by the center's demo staff, and
 * an exam session open for it, so the exam can be shown at once. A session that has closed since an
 * earlier start is followed by a new one.
 */
async function seedDemoCohort(tx: DbOrTx, centerId: string | undefined) {
  const [junior] = await tx.select({ slug: levels.slug }).from(levels).where(eq(levels.slug, "junior"));
  if (!centerId || !junior) return;
  const now = new Date();
  const name = "演示初级班（第4期）";
  await tx
    .insert(cohorts)
    .values({
      centerId,
      levelSlug: "junior",
      name,
      startsOn: chinaDate(new Date(now.getTime() - 60 * DAY_MS)),
      endsOn: chinaDate(new Date(now.getTime() + 90 * DAY_MS)),
      capacity: 40,
    })
    .onConflictDoNothing();
  const [cohort] = await tx
    .select({ id: cohorts.id })
    .from(cohorts)
    .where(and(eq(cohorts.centerId, centerId), eq(cohorts.name, name)));
  if (!cohort) return;
  const people = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      inArray(users.email, [
        "staff.taiyuan@demo.tm-academy.cn",
        "ready@demo.tm-academy.cn",
        "trainee@demo.tm-academy.cn",
      ]),
    );
  const staff = people.find((p) => p.email?.startsWith("staff."));
  if (staff) await tx.insert(cohortInstructors).values({ cohortId: cohort.id, userId: staff.id }).onConflictDoNothing();
  const trainees = people.filter((p) => !p.email?.startsWith("staff."));
  if (trainees.length)
    await tx
      .insert(cohortMembers)
      .values(trainees.map((p) => ({ cohortId: cohort.id, userId: p.id })))
      .onConflictDoNothing();
  const [open] = await tx
    .select({ id: examSessions.id })
    .from(examSessions)
    .where(and(eq(examSessions.cohortId, cohort.id), gt(examSessions.closesAt, now), isNull(examSessions.cancelledAt)));
  if (!open)
    await tx.insert(examSessions).values({
      centerId,
      levelSlug: "junior",
      cohortId: cohort.id,
      name: "初级结业考试（演示场次）",
      location: "线上 / Online",
      opensAt: new Date(now.getTime() - 3600_000),
      closesAt: new Date(now.getTime() + 90 * DAY_MS),
    });
}

/** Enrols the person in the junior level's required courses with every lesson completed, at estimated time. */
async function seedFinishedJuniorStudy(tx: DbOrTx, email: string) {
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
  const [junior] = await tx.select({ config: levels.config }).from(levels).where(eq(levels.slug, "junior"));
  // Without synced content (some tests) there is nothing to have studied.
  if (!user || !junior) return;
  const required = (junior.config as { requiredCourses: string[] }).requiredCourses;
  const rows = await tx
    .select({
      courseId: courses.id,
      lessonId: lessons.id,
      minutes: lessonVersions.minutes,
      selfCheck: lessonVersions.selfCheck,
    })
    .from(courses)
    .innerJoin(lessons, eq(lessons.courseId, courses.id))
    .innerJoin(
      lessonVersions,
      and(eq(lessonVersions.lessonId, lessons.id), eq(lessonVersions.version, lessons.currentVersion)),
    )
    .where(and(inArray(courses.slug, required), isNull(lessons.retiredAt)));
  const courseIds = [...new Set(rows.map((r) => r.courseId))];
  if (courseIds.length)
    await tx
      .insert(enrolments)
      .values(courseIds.map((courseId) => ({ userId: user.id, courseId })))
      .onConflictDoNothing();
  const now = new Date();
  if (rows.length)
    await tx
      .insert(lessonProgress)
      .values(
        // Studied as the completion rule asks: the whole estimate and every self-check question answered.
        rows.map((r) => ({
          userId: user.id,
          lessonId: r.lessonId,
          secondsSpent: r.minutes * 60,
          selfCheckAnswered: r.selfCheck.map((_, i) => i),
          completedAt: now,
        })),
      )
      .onConflictDoNothing();
}

export async function isDatabaseEmpty(db: DbOrTx) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return (row?.n ?? 0) === 0;
}

/** Whether the demo's admin account exists (the demo was loaded at some point). */
export async function hasDemoAccounts(db: DbOrTx) {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, demoAccounts[0]!.email));
  return !!row;
}
