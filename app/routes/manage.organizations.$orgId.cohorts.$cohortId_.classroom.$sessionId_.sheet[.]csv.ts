import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendanceSheetDownload } from "~/utils/attendance-export.server";

/** A classroom session's attendance sheet as CSV (UTF-8 with BOM, formulas neutralized). */
export const loader = ({ request, params }: LoaderFunctionArgs) => attendanceSheetDownload(request, params, "csv");
