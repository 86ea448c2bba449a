import { and, count, eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { caseDefences, portfolioCases } from "#db/schema";

/** What the portfolio contributes to a level's certificate: approved cases, and whether a defence passed. */
export async function portfolioStanding(db: DbOrTx, userId: string, levelSlug: string) {
  const [[cases], [defence]] = await Promise.all([
    db
      .select({ n: count() })
      .from(portfolioCases)
      .where(and(eq(portfolioCases.userId, userId), eq(portfolioCases.status, "approved"))),
    db
      .select({ n: count() })
      .from(caseDefences)
      .where(
        and(eq(caseDefences.userId, userId), eq(caseDefences.levelSlug, levelSlug), eq(caseDefences.result, "passed")),
      ),
  ]);
  return { approvedCases: Number(cases?.n ?? 0), defencePassed: Number(defence?.n ?? 0) > 0 };
}
