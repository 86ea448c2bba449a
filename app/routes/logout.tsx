import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOut } from "~/modules/auth/index.server";
import { clearedSessionCookie, getSession } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

// Signing out is a POST (a link could be triggered by another site); a GET just goes home.
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await getSession(request);
  if (session) await signOut(await db(), { sessionId: session.sessionId, userId: session.user.id });
  return redirect("/", { headers: { "Set-Cookie": clearedSessionCookie() } });
}
