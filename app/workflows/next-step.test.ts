import { describe, expect, it } from "vitest";
import { journeyNextStep, type AttemptFact, type LevelFacts, levelNextStep } from "./next-step";

const now = new Date("2026-12-06T00:00:00Z");
const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();
const lesson = { courseSlug: "ip-basics", lessonSlug: "l2", titleZh: "第二课", titleEn: "Lesson 2" };
const session = { id: "s1", name: "第1场", location: "太原", opensAt: at(48), closesAt: at(50) };
const openSession = { ...session, opensAt: at(-1), closesAt: at(2) };
const attempt = (over: Partial<AttemptFact>): AttemptFact => ({
  id: "a1",
  status: "submitted",
  startedAt: at(-30),
  closedAt: at(-29),
  deadlineAt: at(-28.5),
  scoreTenths: 460,
  maxTenths: 660,
  passed: null,
  pendingEssays: 0,
  ...over,
});
const certificate = { id: "c1", code: "ABCD", issuedAt: at(-1000), expiresAt: at(24 * 365) };

function level(over: Partial<LevelFacts> = {}, exam: Partial<NonNullable<LevelFacts["exam"]>> = {}): LevelFacts {
  return {
    slug: "junior",
    nameZh: "初级",
    nameEn: "Junior",
    missingPrerequisites: [],
    heldByQualification: false,
    study: { lessonsCompleted: 16, lessonsTotal: 16, seconds: 7 * 3600, studyComplete: true },
    nextLesson: null,
    exam: { passPercent: 60, attemptsUsed: 0, attemptLimit: 3, waitUntil: null, attempts: [], sessions: [], ...exam },
    certificate: null,
    missingAfterExam: [],
    ...over,
  };
}

describe("the trainee's next step", () => {
  const table: [string, LevelFacts, Record<string, unknown>][] = [
    [
      "new",
      level({ study: { lessonsCompleted: 0, lessonsTotal: 16, seconds: 0, studyComplete: false }, nextLesson: lesson }),
      { kind: "new", lesson },
    ],
    [
      "studying: the next lesson",
      level({
        study: { lessonsCompleted: 3, lessonsTotal: 16, seconds: 1800, studyComplete: false },
        nextLesson: lesson,
      }),
      { kind: "studying", lesson, lessonsCompleted: 3, lessonsTotal: 16 },
    ],
    ["study complete, waiting for a session", level(), { kind: "waiting_for_session" }],
    ["session scheduled: when and where", level({}, { sessions: [session] }), { kind: "session_scheduled", session }],
    [
      "session open: start the exam",
      level({}, { sessions: [openSession] }),
      { kind: "exam_open", session: openSession },
    ],
    [
      "attempt in progress: resume with the time left",
      level(
        {},
        {
          attempts: [attempt({ status: "open", closedAt: null, deadlineAt: at(0.5) })],
          attemptsUsed: 1,
          sessions: [openSession],
        },
      ),
      { kind: "attempt_in_progress", attemptId: "a1", minutesLeft: 30 },
    ],
    [
      "submitted, grading pending",
      level({}, { attempts: [attempt({ pendingEssays: 2 })], attemptsUsed: 1 }),
      { kind: "grading_pending", pendingEssays: 2, percent: 69.6 },
    ],
    [
      "failed: a retake from a date",
      level(
        {},
        {
          attempts: [attempt({ passed: false, scoreTenths: 300 })],
          attemptsUsed: 1,
          waitUntil: at(20),
          sessions: [session],
        },
      ),
      { kind: "failed", retakeFrom: at(20), attemptsLeft: 2, session },
    ],
    [
      "failed with no attempts left",
      level({}, { attempts: [attempt({ passed: false, scoreTenths: 300 })], attemptsUsed: 3 }),
      { kind: "failed", retakeFrom: null, attemptsLeft: 0 },
    ],
    [
      "passed, the certificate waits on the portfolio",
      level(
        { missingAfterExam: ["portfolio"] },
        { attempts: [attempt({ passed: true, scoreTenths: 500 })], attemptsUsed: 1 },
      ),
      { kind: "passed", percent: 75.7, missing: ["portfolio"] },
    ],
    ["certificate held", level({ certificate }), { kind: "certificate_held", certificate }],
    [
      "certificate expiring soon",
      level({ certificate: { ...certificate, expiresAt: at(24 * 30) } }),
      { kind: "expiring_soon", daysLeft: 30 },
    ],
    ["certificate expired: renew", level({ certificate: { ...certificate, expiresAt: at(-1) } }), { kind: "expired" }],
    [
      "locked by the lower level",
      level({ slug: "intermediate", missingPrerequisites: ["junior"] }),
      { kind: "locked", missing: ["junior"] },
    ],
    ["held by an equivalent qualification", level({ heldByQualification: true }), { kind: "held_by_qualification" }],
  ];
  it.each(table)("%s", (_name, facts, expected) => {
    expect(levelNextStep(facts, now, 60)).toMatchObject(expected);
  });

  it("a passed exam never reads as a re-sit, even when another session is open", () => {
    const step = levelNextStep(
      level({}, { attempts: [attempt({ passed: true, scoreTenths: 500 })], sessions: [openSession] }),
      now,
      60,
    );
    expect(step.kind).toBe("passed");
  });

  it("with the lower certificate held, the next level is open", () => {
    const fresh = level({
      slug: "intermediate",
      study: { lessonsCompleted: 0, lessonsTotal: 16, seconds: 0, studyComplete: false },
      nextLesson: lesson,
    });
    expect(journeyNextStep([level({ certificate }), fresh], now, 60)).toMatchObject({
      kind: "next_level_open",
      level: "intermediate",
      previous: "junior",
      certificate,
    });
  });

  it("an attempt in progress leads, whatever the other levels say", () => {
    const running = level({}, { attempts: [attempt({ status: "open", closedAt: null, deadlineAt: at(1) })] });
    const step = journeyNextStep(
      [level({ slug: "x", certificate: { ...certificate, expiresAt: at(24) } }), running],
      now,
      60,
    );
    expect(step?.kind).toBe("attempt_in_progress");
  });

  it("an expiring certificate comes before studying the next level", () => {
    const studying = level({
      slug: "intermediate",
      study: { lessonsCompleted: 2, lessonsTotal: 16, seconds: 600, studyComplete: false },
    });
    expect(
      journeyNextStep([level({ certificate: { ...certificate, expiresAt: at(24 * 10) } }), studying], now, 60)?.kind,
    ).toBe("expiring_soon");
  });

  it("every level held: the last certificate", () => {
    expect(
      journeyNextStep([level({ certificate }), level({ slug: "intermediate", certificate })], now, 60),
    ).toMatchObject({
      kind: "certificate_held",
      level: "intermediate",
    });
  });
});
