import type { LoaderFunctionArgs } from "@remix-run/node";
import { isLanguage } from "~/i18n/config";
import { notificationCalendar } from "~/modules/notifications/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { publicUrl } from "~/utils/env.server";
import { notFound } from "~/utils/errors.server";

/** The iCalendar file of an exam-session notification; only its owner gets it (anyone else: 404). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = params.notificationId ?? "";
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  const language = isLanguage(user.locale) ? user.locale : "zh-CN";
  const ics = await notificationCalendar(await db(), publicUrl(), user.id, id, language);
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="exam-session.ics"',
      "Cache-Control": "private, no-store",
    },
  });
}
