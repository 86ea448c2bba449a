import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { invalidateSession } from "~/modules/auth/index.server";
import { clearedSessionCookie, getSession } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

// Signing out is a POST (a link could be triggered by another site); a GET just goes home.
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await getSession(request);
  if (session) await invalidateSession(await db(), session.sessionId);
  return redirect("/", { headers: { "Set-Cookie": clearedSessionCookie() } });
}
