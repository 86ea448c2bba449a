/**
 * Typed failures a person can act on. They are thrown as web-standard Responses so the one
 * error boundary in root.tsx renders them; modules use them without knowing about Remix.
 */
function httpError(status: number, messageKey: string) {
  return new Response(messageKey, { status, statusText: messageKey });
}
export const notFound = (key = "errors.notFound") => httpError(404, key);
export const forbidden = (key = "errors.forbidden") => httpError(403, key);
export const conflict = (key = "errors.conflict") => httpError(409, key);
export const invalid = (key = "errors.invalid") => httpError(400, key);

export function invariantResponse(condition: unknown, makeError: () => Response = () => notFound()): asserts condition {
  if (!condition) throw makeError();
}

/** The SQLSTATE of a driver error, unwrapped from Drizzle's DrizzleQueryError. */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = e?.cause?.code ?? e?.code;
  return typeof code === "string" ? code : undefined;
}
export const isUniqueViolation = (error: unknown) => sqlState(error) === "23505";
/** A reference to a row that does not exist (an unknown level, cohort, …): the caller names the field. */
export const isForeignKeyViolation = (error: unknown) => sqlState(error) === "23503";
