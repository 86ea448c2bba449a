import type { EntryContext } from "@remix-run/node";
import { prefersJsonLd } from "./negotiate.server";

/**
 * Content negotiation for pages with a machine-readable twin: a page whose loader data carries `jsonLd`
 * (the achievement pages) answers that JSON-LD instead of HTML to a client whose Accept header prefers
 * it — at the same URL, since the URL is the id credentials name. Remix turns a non-redirect Response
 * from a page's loader into loader data, so the choice is made here, once the data is loaded.
 */
export function linkedDataResponse(
  request: Request,
  status: number,
  headers: Headers,
  remixContext: EntryContext,
): Response | null {
  const context = remixContext.staticHandlerContext;
  const leaf = context.matches.at(-1);
  if (request.method !== "GET" || status !== 200 || !leaf) return null;
  const page = context.loaderData[leaf.route.id] as { jsonLd?: unknown } | null | undefined;
  if (!page || typeof page !== "object" || !("jsonLd" in page) || !prefersJsonLd(request)) return null;
  const out = new Headers(headers);
  out.set("Content-Type", "application/ld+json");
  out.set("Access-Control-Allow-Origin", "*");
  out.set("Vary", "Accept");
  return new Response(JSON.stringify(page.jsonLd), { status, headers: out });
}
