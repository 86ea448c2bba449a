// The notifications area's face for server code. A low area (just above mail and auth): it owns the inbox and
// the e-mail preferences; workflows and routes call it after the event happened (docs/notifications.md).
export { type SessionCalendar, sessionIcs } from "./calendar.server";
export {
  emailPreferencesOf,
  inboxOf,
  markAllRead,
  markRead,
  notificationCalendar,
  notificationOf,
  type NotificationInput,
  notify,
  setEmailPreferences,
  unreadCount,
} from "./service.server";
export { forgetNotifications, notificationDataOf } from "./personal-data.server";
