import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { languageCookie } from "~/i18n/i18n.server";
import { setUserLanguage } from "~/modules/auth/index.server";
import { languageSchema } from "~/modules/auth";
import { getUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { invalid } from "~/utils/errors.server";
import { safeRedirect } from "~/utils/safe-redirect";

export async function loader() {
  return redirect("/");
}

/** Saves the chosen language in a cookie and, for a signed-in person, on the account. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = languageSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw invalid("validation.language.invalid");
  const user = await getUser(request);
  if (user) await setUserLanguage(await db(), user.id, parsed.data.language);
  return redirect(safeRedirect(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await languageCookie.serialize(parsed.data.language) },
  });
}
