import { sql } from "drizzle-orm";
import { db } from "~/utils/db.server";

/** For load balancers and uptime checks: the app answers and its database does too. */
export async function loader() {
  try {
    await (await db()).execute(sql`select 1`);
    return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ ok: false }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
