import Negotiator from "negotiator";

/**
 * Whether a request prefers JSON-LD (or JSON) to HTML, by its Accept header's order and q-values
 * (negotiator, as Express uses). A browser's Accept lists text/html first; an OB verifier asks for JSON.
 */
export function prefersJsonLd(request: Request): boolean {
  const accept = request.headers.get("Accept") ?? "";
  const best = new Negotiator({ headers: { accept } }).mediaType([
    "text/html",
    "application/ld+json",
    "application/json",
  ]);
  return best === "application/ld+json" || best === "application/json";
}
