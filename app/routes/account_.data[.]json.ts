import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";
import { collectPersonalData } from "~/workflows/personal-data.server";

// Everything held about the signed-in person, as JSON (PIPL art. 45). Only ever their own: no id in the URL.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const data = await collectPersonalData(await db(), user.id);
  if (!data) throw notFound();
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="tm-academy-my-data.json"`,
      "Cache-Control": "no-store",
    },
  });
}
