/** What a Remix handler returned, thrown or not: a Response, or data() with its status and headers. */
export async function outcome(
  run: () => Promise<unknown>,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response) return { status: value.status, body: await value.text(), headers: value.headers };
  const wrapped = value as { type?: string; data?: unknown; init?: { status?: number; headers?: HeadersInit } | null };
  if (wrapped?.type === "DataWithResponseInit")
    return { status: wrapped.init?.status ?? 200, body: wrapped.data, headers: new Headers(wrapped.init?.headers) };
  return { status: 200, body: value, headers: new Headers() };
}
