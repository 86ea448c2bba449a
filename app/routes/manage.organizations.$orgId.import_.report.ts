import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { requireCenter } from "~/utils/center.server";
import { importReportResponse } from "~/utils/import-files.server";

/** The dry run as CSV or Excel with a problems column; posted from the check's result (the file comes back). */
export const action = ({ request, params }: ActionFunctionArgs) => importReportResponse(request, params.orgId);

// Nothing to show on a GET: the report needs the checked file. Only the center's own people are sent back to the form.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { center } = await requireCenter(request, params.orgId);
  requirePermission(await requireUser(request), "manage:center", { centerId: center.id, regionId: center.regionId });
  return redirect(`/manage/organizations/${center.id}/import`);
}
