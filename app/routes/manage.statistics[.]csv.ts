import type { LoaderFunctionArgs } from "@remix-run/node";
import { platformExportResponse } from "~/utils/statistics-export.server";

/** A table of the training and certification statistics as CSV, within the viewer's scope. */
export const loader = ({ request }: LoaderFunctionArgs) => platformExportResponse(request, "csv");
