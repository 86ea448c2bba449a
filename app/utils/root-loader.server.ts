import { isLanguage } from "~/i18n/config";
import { requestLanguage } from "~/i18n/i18n.server";
import { homePlaces } from "~/modules/orgs/index.server";
import { unreadCount } from "~/modules/notifications/index.server";
import { db } from "./db.server";
import { getUser } from "./auth.server";

/** What every page knows: the language and, when signed in, who it is and where they can go. */
export async function rootLoader(request: Request) {
  const user = await getUser(request);
  // A signed-in person's saved choice wins over the cookie.
  const language = isLanguage(user?.locale) ? user.locale : await requestLanguage(request);
  return {
    language,
    user: user && {
      id: user.id,
      name: user.name,
      places: homePlaces(user),
      unread: await unreadCount(await db(), user.id),
    },
  };
}

export type RootData = Awaited<ReturnType<typeof rootLoader>>;
