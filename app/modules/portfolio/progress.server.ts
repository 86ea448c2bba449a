import type { DbOrTx } from "#db/client";
import { defencesOf, portfolioLevels } from "./review.server";
import { portfolioStanding } from "./standing.server";

/**
 * What the trainee sees of their certificate requirements from the portfolio: per level that asks for
 * them, approved cases against the number required, and the defences held with their results.
 */
export async function portfolioProgress(db: DbOrTx, userId: string) {
  const [levels, defences] = await Promise.all([portfolioLevels(db), defencesOf(db, userId)]);
  return Promise.all(
    levels.map(async (level) => {
      const standing = await portfolioStanding(db, userId, level.slug);
      return {
        ...level,
        approvedCases: standing.approvedCases,
        defencePassed: standing.defencePassed,
        defences: defences.filter((d) => d.levelSlug === level.slug),
      };
    }),
  );
}
