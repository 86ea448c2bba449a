import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestLanguage } from "~/i18n/i18n.server";
import { brandingPreviewPdf } from "~/modules/certificates/index.server";
import { requireBrandingOrganization } from "~/utils/branding-upload.server";

/** A sample certificate with the organization's draft (?state=draft) or published branding: the preview before use. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { database, organization } = await requireBrandingOrganization(request, params.orgId);
  const state = new URL(request.url).searchParams.get("state") === "published" ? "published" : "draft";
  const pdf = await brandingPreviewPdf(
    database,
    organization,
    state,
    (await requestLanguage(request)) === "en" ? "en" : "zh",
  );
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="certificate-sample-${state}.pdf"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
