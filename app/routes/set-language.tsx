import { parseWithZod } from "@conform-to/zod";
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
  // The switcher is a bare select in the header, with no place for a field error: a bad value is a 400.
  const submission = parseWithZod(await request.formData(), { schema: languageSchema });
  if (submission.status !== "success") throw invalid("validation.language.invalid");
  const { language, redirectTo } = submission.value;
  const user = await getUser(request);
  if (user) await setUserLanguage(await db(), user.id, language);
  return redirect(safeRedirect(redirectTo), {
    headers: { "Set-Cookie": await languageCookie.serialize(language) },
  });
}
