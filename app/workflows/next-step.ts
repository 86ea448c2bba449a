/**
 * "What do I do next?" for a trainee, decided from plain facts (gathered by ./trainee-journey.server.ts
 * from learning, exams and certificates). Pure, so the table test covers every state and the home page,
 * the level pages and /exams all say the same thing.
 */

export interface LessonRef {
  courseSlug: string;
  lessonSlug: string;
  titleZh: string;
  titleEn: string;
}

export interface SessionFact {
  id: string;
  name: string;
  location: string | null;
  opensAt: string;
  closesAt: string;
}

export interface AttemptFact {
  id: string;
  status: "open" | "submitted" | "expired";
  startedAt: string;
  closedAt: string | null;
  deadlineAt: string;
  scoreTenths: number | null;
  maxTenths: number;
  passed: boolean | null;
  pendingEssays: number;
}

export interface CertificateFact {
  id: string;
  code: string;
  issuedAt: string;
  expiresAt: string | null;
}

export interface LevelFacts {
  slug: string;
  nameZh: string;
  nameEn: string;
  /** Prerequisite levels not held: the level is locked. */
  missingPrerequisites: string[];
  /** Held by a recorded equivalent qualification (no certificate here). */
  heldByQualification: boolean;
  study: { lessonsCompleted: number; lessonsTotal: number; seconds: number; studyComplete: boolean };
  nextLesson: LessonRef | null;
  /** Null when the level has no exam. */
  exam: null | {
    passPercent: number;
    attemptsUsed: number;
    attemptLimit: number;
    /** When a retake becomes possible (the wait after the last closed attempt), if still ahead. */
    waitUntil: string | null;
    /** Newest first. */
    attempts: AttemptFact[];
    /** Sessions for this person still to come or open now, soonest first. */
    sessions: SessionFact[];
  };
  /** The current certificate (valid or expired; never revoked or superseded). */
  certificate: CertificateFact | null;
  /** Requirements still open besides the exam (e.g. the senior portfolio), when the exam is passed. */
  missingAfterExam: string[];
}

export type NextStep =
  | { kind: "locked"; level: string; missing: string[] }
  | { kind: "new"; level: string; lesson: LessonRef | null }
  | { kind: "studying"; level: string; lesson: LessonRef | null; lessonsCompleted: number; lessonsTotal: number }
  | { kind: "waiting_for_session"; level: string }
  | { kind: "session_scheduled"; level: string; session: SessionFact }
  | { kind: "exam_open"; level: string; session: SessionFact }
  | { kind: "attempt_in_progress"; level: string; attemptId: string; deadlineAt: string; minutesLeft: number }
  | { kind: "grading_pending"; level: string; attemptId: string; pendingEssays: number; percent: number }
  | {
      kind: "failed";
      level: string;
      attemptId: string;
      retakeFrom: string | null;
      attemptsLeft: number;
      session: SessionFact | null;
    }
  | { kind: "passed"; level: string; attemptId: string; percent: number; missing: string[] }
  | { kind: "certificate_held"; level: string; certificate: CertificateFact }
  | { kind: "expiring_soon"; level: string; certificate: CertificateFact; daysLeft: number }
  | { kind: "expired"; level: string; certificate: CertificateFact }
  | { kind: "held_by_qualification"; level: string }
  | {
      kind: "next_level_open";
      level: string;
      previous: string;
      certificate: CertificateFact | null;
      lesson: LessonRef | null;
    };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Score as a whole percent of the maximum, floored so 59.9 % never reads as a pass line of 60. */
export const scorePercent = (a: Pick<AttemptFact, "scoreTenths" | "maxTenths">) =>
  a.maxTenths > 0 ? Math.floor(((a.scoreTenths ?? 0) / a.maxTenths) * 1000) / 10 : 0;

/** The next step for one level. `reminderDays`: how long before expiry a certificate counts as expiring. */
export function levelNextStep(f: LevelFacts, now: Date, reminderDays: number): NextStep {
  const level = f.slug;
  if (f.certificate) {
    const expires = f.certificate.expiresAt ? new Date(f.certificate.expiresAt) : null;
    if (expires && expires <= now) return { kind: "expired", level, certificate: f.certificate };
    if (expires && expires.getTime() - now.getTime() <= reminderDays * DAY_MS)
      return {
        kind: "expiring_soon",
        level,
        certificate: f.certificate,
        daysLeft: Math.ceil((expires.getTime() - now.getTime()) / DAY_MS),
      };
    return { kind: "certificate_held", level, certificate: f.certificate };
  }
  if (f.heldByQualification) return { kind: "held_by_qualification", level };
  if (f.missingPrerequisites.length) return { kind: "locked", level, missing: f.missingPrerequisites };
  const exam = f.exam;
  const open = exam?.attempts.find((a) => a.status === "open");
  if (open) {
    const minutesLeft = Math.max(0, Math.ceil((new Date(open.deadlineAt).getTime() - now.getTime()) / 60_000));
    return { kind: "attempt_in_progress", level, attemptId: open.id, deadlineAt: open.deadlineAt, minutesLeft };
  }
  const passed = exam?.attempts.find((a) => a.passed === true);
  if (passed)
    return { kind: "passed", level, attemptId: passed.id, percent: scorePercent(passed), missing: f.missingAfterExam };
  const last = exam?.attempts[0];
  if (last && last.pendingEssays > 0)
    return {
      kind: "grading_pending",
      level,
      attemptId: last.id,
      pendingEssays: last.pendingEssays,
      percent: scorePercent(last),
    };
  const { studyComplete, lessonsCompleted, lessonsTotal, seconds } = f.study;
  if (!studyComplete) {
    if (lessonsCompleted === 0 && seconds === 0) return { kind: "new", level, lesson: f.nextLesson };
    return { kind: "studying", level, lesson: f.nextLesson, lessonsCompleted, lessonsTotal };
  }
  if (!exam) return { kind: "passed", level, attemptId: "", percent: 0, missing: f.missingAfterExam };
  const openSession = exam.sessions.find((s) => new Date(s.opensAt) <= now && new Date(s.closesAt) > now) ?? null;
  const nextSession = exam.sessions.find((s) => new Date(s.closesAt) > now) ?? null;
  if (last && last.passed === false) {
    const attemptsLeft = Math.max(0, exam.attemptLimit - exam.attemptsUsed);
    const retakeFrom = exam.waitUntil && new Date(exam.waitUntil) > now ? exam.waitUntil : null;
    return { kind: "failed", level, attemptId: last.id, retakeFrom, attemptsLeft, session: nextSession };
  }
  if (openSession) return { kind: "exam_open", level, session: openSession };
  if (nextSession) return { kind: "session_scheduled", level, session: nextSession };
  return { kind: "waiting_for_session", level };
}

/**
 * The one step the home page leads with. Something running or waiting on the trainee first (an attempt in
 * progress, a certificate about to lapse), then the first level not yet held; a level just opened by the
 * previous level's certificate reads as "next level open".
 */
export function journeyNextStep(levels: LevelFacts[], now: Date, reminderDays: number): NextStep | null {
  const steps = levels.map((l) => levelNextStep(l, now, reminderDays));
  const urgent =
    steps.find((s) => s.kind === "attempt_in_progress") ??
    steps.find((s) => s.kind === "expired" || s.kind === "expiring_soon");
  if (urgent) return urgent;
  const held = (s: NextStep) => s.kind === "certificate_held" || s.kind === "held_by_qualification";
  const i = steps.findIndex((s) => !held(s));
  if (i === -1) return steps.at(-1) ?? null;
  const step = steps[i]!;
  const previous = levels[i - 1];
  if (previous && step.kind === "new")
    return {
      kind: "next_level_open",
      level: step.level,
      previous: previous.slug,
      certificate: previous.certificate,
      lesson: step.lesson,
    };
  return step;
}
