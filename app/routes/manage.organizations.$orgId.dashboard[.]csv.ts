import type { LoaderFunctionArgs } from "@remix-run/node";
import { centerExportResponse } from "~/utils/statistics-export.server";

/** A table of the center's dashboard as CSV, with the page's filters, within the viewer's scope. */
export const loader = ({ request, params }: LoaderFunctionArgs) => centerExportResponse(request, params.orgId, "csv");
