import { TZDate } from "@date-fns/tz";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { CHINA_TIME_ZONE } from "~/utils/china-time";

export interface SessionCalendar {
  sessionId: string;
  title: string;
  description: string;
  location: string | null;
  opensAt: Date;
  closesAt: Date;
  /** Absolute link to the exams page (from APP_URL). */
  url: string;
  /** Grows with every change, so calendars replace the earlier copy of the event (RFC 5545 SEQUENCE). */
  sequence: number;
  cancelled: boolean;
}

/**
 * One exam session as an iCalendar file: times in Asia/Shanghai with its VTIMEZONE, one stable UID per
 * session so a change or a cancellation updates the event already in the trainee's calendar.
 */
export function sessionIcs(session: SessionCalendar): string {
  const calendar = ical({
    prodId: { company: "TM Academy", product: "tm-academy", language: "ZH" },
    name: session.title,
    method: session.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  calendar.timezone({ name: CHINA_TIME_ZONE, generator: getVtimezoneComponent });
  calendar.createEvent({
    id: `exam-session-${session.sessionId}@tm-academy`,
    // A TZDate, so the library writes the wall clock in China whatever the server's own zone.
    start: new TZDate(session.opensAt, CHINA_TIME_ZONE),
    end: new TZDate(session.closesAt, CHINA_TIME_ZONE),
    stamp: new TZDate(new Date(), CHINA_TIME_ZONE),
    timezone: CHINA_TIME_ZONE,
    summary: session.title,
    description: session.description,
    location: session.location ?? undefined,
    url: session.url,
    sequence: session.sequence,
    status: session.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}
