import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { memberships, organizations } from "#db/schema";

/**
 * SQL that is true when `userId` is a trainee of the center `ownerOrganization` or of a center of the
 * region `ownerRegion` — who may see an elective those owners added (content joins this, never the
 * tables). `userId` may be a value or a placeholder of a prepared statement.
 */
export function traineeOfOwnerSql(
  userId: string | SQLWrapper,
  ownerOrganization: SQLWrapper,
  ownerRegion: SQLWrapper,
): SQL {
  return sql`exists (select 1 from ${memberships} m join ${organizations} o on o.id = m.organization_id
    where m.user_id = ${userId} and m.role = 'trainee'
      and (o.id = ${ownerOrganization} or o.region_id = ${ownerRegion}))`;
}
