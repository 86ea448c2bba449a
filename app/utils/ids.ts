const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an id from a URL can name a row at all; anything else is a 404 before the database sees it. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
