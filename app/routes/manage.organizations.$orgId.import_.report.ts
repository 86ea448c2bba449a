import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { importReportResponse } from "~/utils/import-files.server";

/** The dry run as CSV or Excel with a problems column; posted from the check's result (the file comes back). */
export const action = ({ request, params }: ActionFunctionArgs) => importReportResponse(request, params.orgId);

// Nothing to show on a GET: the report needs the checked file.
export const loader = ({ params }: LoaderFunctionArgs) =>
  redirect(`/manage/organizations/${encodeURIComponent(params.orgId ?? "")}/import`);
