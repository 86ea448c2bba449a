import type { DbOrTx } from "#db/client";
import { listCohorts, matchingTraineeIds, pickTrainees } from "~/modules/cohorts/index.server";
import { parsePickerFilter } from "~/modules/cohorts";
import type { SessionUser } from "~/modules/orgs/index.server";

type Center = { id: string; regionId: string | null };

/** The picker's page for a loader: the filters from the URL, a page of matching trainees, the center's cohorts. */
export async function traineePickerData(
  request: Request,
  db: DbOrTx,
  user: SessionUser,
  center: Center,
  options: { notInCohort?: string } = {},
) {
  const filter = parsePickerFilter(new URL(request.url).searchParams);
  const [result, cohorts] = await Promise.all([
    pickTrainees(db, center.id, filter, options),
    listCohorts(db, user, center),
  ]);
  return { filter, result, cohorts: cohorts.map((c) => ({ id: c.id, name: c.name })) };
}

/**
 * "Choose all matching": puts the ids of every trainee matching the submitted search into `field`, as if each
 * had been ticked, and removes the picker's own fields. The search is run again now, within the center.
 */
export async function expandPickerSelection(
  form: FormData,
  db: DbOrTx,
  centerId: string,
  field: string,
  options: { notInCohort?: string } = {},
) {
  if (form.get("p_all") === "on") {
    const ticked = new Set(form.getAll(field).map(String));
    for (const id of await matchingTraineeIds(db, centerId, parsePickerFilter(form), options))
      if (!ticked.has(id)) form.append(field, id);
  }
  for (const name of ["p_all", "p_q", "p_cohort", "p_level", "p_page"]) form.delete(name);
}
