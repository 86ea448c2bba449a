import type { TFunction } from "i18next";
import { formatDate, formatDateTime, type Language } from "~/i18n/config";

/** Every kind of notification; each can have its e-mail turned off (docs/notifications.md). Client-safe. */
export const NOTIFICATION_KINDS = [
  "cohort_added",
  "session_scheduled",
  "session_changed",
  "session_cancelled",
  "session_reminder",
  "result_available",
  // A flagged exam attempt was decided: accepted, or voided with a reason (docs/exam-integrity.md).
  "exam_integrity_decision",
  "certificate_issued",
  "certificate_revoked",
  "certificate_expiring",
  "certificate_renewed",
  "portfolio_approved",
  "portfolio_returned",
  // The holder's photo for certificates approved or returned by their center's staff (docs/certificates.md).
  "holder_photo_approved",
  "holder_photo_returned",
  "password_changed",
  // To platform admins: a certificate's stored record failed its signature when it was verified.
  "certificate_tampered",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Kinds only platform admins ever receive: nobody else is offered a switch for them. */
const PLATFORM_ADMIN_KINDS: ReadonlySet<NotificationKind> = new Set(["certificate_tampered"]);

/** The kinds a person's account page offers e-mail switches for. */
export function notificationKindsFor(reader: { platformAdmin: boolean }): NotificationKind[] {
  return NOTIFICATION_KINDS.filter((kind) => reader.platformAdmin || !PLATFORM_ADMIN_KINDS.has(kind));
}

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** Kinds about an exam session: they carry its times, and an iCalendar file goes with them. */
export function isSessionKind(kind: string) {
  return kind.startsWith("session_");
}

const INSTANTS = new Set(["opensAt", "closesAt", "at"]);
const DAYS = new Set(["expiresOn"]);

/**
 * A notification's title and body in the reader's language. Params are stored raw (a level's slug, ISO
 * instants) so the same row reads right in either language and in China's time.
 */
export function renderNotification(t: TFunction, language: Language, kind: string, params: Record<string, string>) {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (INSTANTS.has(key)) values[key] = formatDateTime(value, language);
    else if (DAYS.has(key)) values[key] = formatDate(value, language);
    else if (key === "level") values[key] = t(`levels.${value}`, { defaultValue: value });
    // An exam integrity decision: accepted / voided, in the reader's language.
    else if (key === "decision") values[key] = t(`integrity.decision.${value}`, { defaultValue: value });
    else values[key] = value;
  }
  if (isSessionKind(kind) && !values.location) values.location = t("notifications.noLocation");
  const known = isNotificationKind(kind) ? kind : "result_available";
  return {
    title: t(`notifications.message.${known}.title`, values),
    body: t(`notifications.message.${known}.body`, values),
  };
}
