import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, formatTime } from "~/i18n/config";
import { checkInDisplay } from "~/modules/cohorts/index.server";
import { CHECK_IN_OPENS_MINUTES_BEFORE, CHECK_IN_WINDOW_SECONDS } from "~/modules/cohorts";
import { requireClassroomSession } from "~/utils/classroom-route.server";
import { titleMeta } from "~/utils/meta";
import { appUrl } from "~/utils/request.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "classroom.displayTitle");

/** How often the count of checked-in trainees is refreshed between code changes. */
const COUNT_REFRESH_MS = 10_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center, cohortId, sessionId } = await requireClassroomSession(request, params);
  const display = await checkInDisplay(database, user, center, cohortId, sessionId, appUrl(request));
  return {
    back: `/manage/organizations/${center.id}/cohorts/${cohortId}/classroom`,
    cohortName: display.cohortName,
    session: {
      startsAt: display.session.startsAt.toISOString(),
      endsAt: display.session.endsAt.toISOString(),
      place: display.session.place,
      topic: display.session.topic,
      cancelled: display.session.cancelledAt !== null,
    },
    members: display.members,
    checkedIn: display.checkedIn,
    open: display.open,
    url: display.url,
    qrDataUrl: display.qrDataUrl,
    changesAt: display.changesAt,
  };
}

/**
 * The room's screen: the current check-in code, replaced without a reload when its window ends (the loader is
 * revalidated then, and every few seconds for the count).
 */
export default function CheckInDisplayPage() {
  const { t } = useTranslation();
  const { language } = useLocale();
  const data = useLoaderData<typeof loader>();
  const { back, cohortName, session, members, checkedIn, open, url, qrDataUrl } = data;
  const revalidator = useRevalidator();
  const latest = useRef({ revalidator, due: 0 });
  latest.current.revalidator = revalidator;
  useEffect(() => {
    // Each load (a new data object, even when nothing changed) sets when to ask again: just after the code's
    // window turns, so the server is certainly in the next one, or sooner for the count.
    latest.current.due = Math.min(new Date(data.changesAt).getTime() + 300, Date.now() + COUNT_REFRESH_MS);
  }, [data]);
  useEffect(() => {
    // One ticking check rather than a timer per load: a failed load (the room's network) is simply retried.
    const tick = setInterval(() => {
      const { revalidator: r, due } = latest.current;
      if (Date.now() < due || r.state !== "idle") return;
      latest.current.due = Date.now() + COUNT_REFRESH_MS;
      r.revalidate();
    }, 500);
    return () => clearInterval(tick);
  }, []);
  return (
    <div className="mx-auto max-w-3xl space-y-4 text-center">
      <p className="text-left text-sm">
        <Link to={back} className="link">
          {t("classroom.backToSessions")}
        </Link>
      </p>
      <h1 className="text-3xl font-semibold">{t("classroom.displayHeading")}</h1>
      <p className="text-lg text-slate-700">
        {cohortName} · {formatDate(session.startsAt, language)} {formatTime(session.startsAt, language)}–
        {formatTime(session.endsAt, language)} · {session.place}
        {session.topic ? ` · ${session.topic}` : ""}
      </p>
      {session.cancelled ? (
        <p className="text-lg text-red-800">{t("classroom.displayCancelled")}</p>
      ) : open && qrDataUrl && url ? (
        <div className="space-y-3">
          <img
            src={qrDataUrl}
            alt={t("classroom.qrAlt")}
            width={360}
            height={360}
            className="mx-auto rounded border border-slate-200 bg-white"
            data-check-in-url={url}
          />
          <p className="text-sm text-slate-600">
            {t("classroom.displayChanges", { seconds: CHECK_IN_WINDOW_SECONDS })}
          </p>
          <p className="text-sm">
            <a href={url} className="link break-all" id="check-in-link" data-check-in-url={url}>
              {t("classroom.displayLink")}
            </a>
          </p>
        </div>
      ) : (
        <p className="text-lg text-slate-700">
          {t("classroom.displayClosed", { minutes: CHECK_IN_OPENS_MINUTES_BEFORE })}
        </p>
      )}
      <p className="text-2xl font-semibold tabular-nums" role="status" aria-live="polite">
        {t("classroom.displayCount", { count: checkedIn, members })}
      </p>
    </div>
  );
}
