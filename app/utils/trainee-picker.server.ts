import type { DbOrTx } from "#db/client";
import { matchingTraineeIds, pickerCohorts, pickTrainees, type PickerScope } from "~/modules/cohorts/index.server";
import { parsePickerFilter, PICKER_FIELDS, type PickerPrefix } from "~/modules/cohorts";
import type { SessionUser } from "~/modules/orgs/index.server";

type Center = { id: string; regionId: string | null };
type PickerOptions = PickerScope & { prefix?: PickerPrefix };

/** The picker's page for a loader: the filters from the URL, a page of matching trainees, the center's cohorts. */
export async function traineePickerData(
  request: Request,
  db: DbOrTx,
  user: SessionUser,
  center: Center,
  { prefix = "p_", ...scope }: PickerOptions = {},
) {
  const filter = parsePickerFilter(new URL(request.url).searchParams, prefix);
  const [result, cohorts] = await Promise.all([
    pickTrainees(db, center.id, filter, scope),
    pickerCohorts(db, user, center),
  ]);
  return { filter, result, cohorts };
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
  { prefix = "p_", ...scope }: PickerOptions = {},
) {
  if (form.get(`${prefix}all`) === "on") {
    const ticked = new Set(form.getAll(field).map(String));
    for (const id of await matchingTraineeIds(db, centerId, parsePickerFilter(form, prefix), scope))
      if (!ticked.has(id)) form.append(field, id);
  }
  for (const name of PICKER_FIELDS) form.delete(`${prefix}${name}`);
}
