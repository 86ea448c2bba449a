import type { DbOrTx } from "#db/client";
import { levelStatuses } from "~/modules/learning";
import { loadLevels } from "~/modules/content/index.server";
import { hasPassed } from "~/modules/exams/index.server";
import { classroomSecondsOf, courseProgressOf } from "~/modules/learning/index.server";
import { portfolioStanding } from "~/modules/portfolio/index.server";
import { heldLevelsOf } from "./held-levels.server";

export type RequirementId = "prerequisite" | "courses" | "hours" | "exam" | "portfolio" | "defence";

export interface Requirement {
  id: RequirementId;
  met: boolean;
  /** How far along, where it is a count (courses, hours, cases). */
  done?: number;
  required?: number;
  /** Prerequisite levels still missing. */
  missing?: string[];
}

/**
 * Every requirement of a level's certificate for this person, as levels.yaml defines them: the lower
 * level's certificate, the required courses, the study hours, the exam, and where asked, approved
 * portfolio cases and a passed case defence.
 */
export async function certificateEligibility(db: DbOrTx, userId: string, levelSlug: string) {
  const levelRows = await loadLevels(db);
  const level = levelRows.find((l) => l.slug === levelSlug);
  if (!level) return null;
  const [progress, held, passed, portfolio, classroom] = await Promise.all([
    courseProgressOf(db, userId),
    heldLevelsOf(db, userId),
    hasPassed(db, userId, levelSlug),
    portfolioStanding(db, userId, levelSlug),
    classroomSecondsOf(db, userId),
  ]);
  const status = levelStatuses(
    levelRows.map((l) => l.config),
    progress,
    held,
    classroom,
  ).find((s) => s.slug === levelSlug)!;
  const rules = level.config.certificate;
  const requirements: Requirement[] = [];
  if (level.config.prerequisites.length)
    requirements.push({
      id: "prerequisite",
      met: status.missingPrerequisites.length === 0,
      missing: status.missingPrerequisites,
    });
  requirements.push(
    {
      id: "courses",
      met: status.coursesCompleted === status.requiredCourses.length,
      done: status.coursesCompleted,
      required: status.requiredCourses.length,
    },
    { id: "hours", met: status.hoursMet, done: status.hours, required: status.minHours },
  );
  if (level.config.exam) requirements.push({ id: "exam", met: passed });
  if (rules.portfolioCases > 0)
    requirements.push({
      id: "portfolio",
      met: portfolio.approvedCases >= rules.portfolioCases,
      done: portfolio.approvedCases,
      required: rules.portfolioCases,
    });
  if (rules.caseDefence) requirements.push({ id: "defence", met: portfolio.defencePassed });
  return { level, requirements, eligible: requirements.every((r) => r.met), held: status.held };
}
