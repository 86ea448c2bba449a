import { z } from "zod";
import { requireCenter } from "~/utils/center.server";
import { notFound } from "~/utils/errors.server";

const uuid = z.string().uuid();

/**
 * The signed-in person, the training center and the cohort (and session, where the URL names one) of a
 * /manage/organizations/:orgId/cohorts/:cohortId/classroom/… route. Ids that are not UUIDs: 404; whether the
 * cohort and session belong to the center is the cohorts area's check.
 */
export async function requireClassroomRoute(
  request: Request,
  params: { orgId?: string; cohortId?: string; sessionId?: string },
) {
  const scope = await requireCenter(request, params.orgId);
  const cohortId = uuid.safeParse(params.cohortId);
  if (!cohortId.success) throw notFound();
  return { ...scope, cohortId: cohortId.data };
}

export async function requireClassroomSession(
  request: Request,
  params: { orgId?: string; cohortId?: string; sessionId?: string },
) {
  const scope = await requireClassroomRoute(request, params);
  const sessionId = uuid.safeParse(params.sessionId);
  if (!sessionId.success) throw notFound();
  return { ...scope, sessionId: sessionId.data };
}
