import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendanceSheetDownload } from "~/utils/attendance-export.server";

/** A classroom session's attendance sheet as XLSX. */
export const loader = ({ request, params }: LoaderFunctionArgs) => attendanceSheetDownload(request, params, "xlsx");
