// The notifications area's client-safe face: kinds, how a notification reads, the forms' schemas.
import { z } from "zod";
import { NOTIFICATION_KINDS } from "./kinds";

export {
  isNotificationKind,
  isSessionKind,
  NOTIFICATION_KINDS,
  notificationKindsFor,
  type NotificationKind,
  renderNotification,
} from "./kinds";

export const inboxFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.string().uuid() }),
  z.object({ intent: z.literal("read-all") }),
]);

/** The account page's e-mail switches: the ticked kinds get e-mail. */
export const emailPreferencesSchema = z.object({
  intent: z.literal("notification-preferences"),
  email: z.array(z.enum(NOTIFICATION_KINDS)).default([]),
});
