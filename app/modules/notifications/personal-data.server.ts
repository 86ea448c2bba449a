import { eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { notificationPreferences, notifications } from "#db/schema";

export async function notificationDataOf(db: DbOrTx, userId: string) {
  const [inbox, preferences] = await Promise.all([
    db
      .select({
        kind: notifications.kind,
        subject: notifications.subject,
        params: notifications.params,
        link: notifications.link,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
      })
      .from(notifications)
      .where(eq(notifications.userId, userId))
      .orderBy(notifications.createdAt),
    db
      .select({ kind: notificationPreferences.kind, email: notificationPreferences.email })
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, userId)),
  ]);
  return { inbox, emailPreferences: preferences };
}

/** Erasure: the inbox and the preferences go. */
export async function forgetNotifications(tx: DbOrTx, userId: string): Promise<void> {
  await tx.delete(notifications).where(eq(notifications.userId, userId));
  await tx.delete(notificationPreferences).where(eq(notificationPreferences.userId, userId));
}
