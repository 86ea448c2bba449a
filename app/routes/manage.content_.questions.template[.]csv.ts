import type { LoaderFunctionArgs } from "@remix-run/node";
import { questionSheetResponse } from "~/utils/question-sheet.server";

/** The question bank's template in the import template's columns (csv). */
export const loader = ({ request }: LoaderFunctionArgs) => questionSheetResponse(request, "template", "csv");
