import type { LoaderFunctionArgs } from "@remix-run/node";
import { importTemplateResponse } from "~/utils/import-files.server";

/** The trainee import template as an Excel workbook (Chinese headers). */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  importTemplateResponse(request, params.orgId, "xlsx");
