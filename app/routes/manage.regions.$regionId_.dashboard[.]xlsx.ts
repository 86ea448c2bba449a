import type { LoaderFunctionArgs } from "@remix-run/node";
import { regionExportResponse } from "~/utils/statistics-export.server";

/** A table of the region's dashboard as XLSX, for its region admins and platform admins. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  regionExportResponse(request, params.regionId, "xlsx");
