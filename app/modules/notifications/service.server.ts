import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { notificationPreferences, notifications } from "#db/schema";
import { formatDateTime, isLanguage, type Language } from "~/i18n/config";
import { translator } from "~/i18n/i18n.server";
import { peopleByIds } from "~/modules/auth/index.server";
import { enqueueEmail } from "~/modules/mail/index.server";
import { notFound } from "~/utils/errors.server";
import { sessionIcs } from "./calendar.server";
import { isSessionKind, NOTIFICATION_KINDS, type NotificationKind, renderNotification } from "./kinds";

export interface NotificationInput {
  userId: string;
  kind: NotificationKind;
  /** What it is about (an exam session's id, a certificate's id…). */
  subject: string;
  /** Tells repeated events about one subject apart ("24h" and "1h", a change's time); "" for a one-off. */
  occurrence?: string;
  /** Raw values: `level` a level's slug, `opensAt`/`closesAt`/`at` ISO instants, `expiresOn` a day. */
  params: Record<string, string>;
  /** A path inside the app. */
  link: string;
}

/**
 * Delivers notifications: each is claimed by its unique key (person, kind, subject, occurrence) with
 * INSERT … ON CONFLICT DO NOTHING, so a retry, a repeated job or a second app copy adds nothing and sends no
 * second e-mail. The inbox always gets it; the e-mail goes to the outbox in the caller's transaction unless
 * the person turned that kind off. Returns how many were new.
 */
export async function notify(db: DbOrTx, appUrl: string, inputs: readonly NotificationInput[]): Promise<number> {
  if (!inputs.length) return 0;
  const fresh = await db
    .insert(notifications)
    .values(
      inputs.map((n) => ({
        userId: n.userId,
        kind: n.kind,
        subject: n.subject,
        occurrence: n.occurrence ?? "",
        params: n.params,
        link: n.link,
      })),
    )
    .onConflictDoNothing()
    .returning();
  if (!fresh.length) return 0;
  const userIds = [...new Set(fresh.map((n) => n.userId))];
  const [recipients, off] = await Promise.all([
    peopleByIds(db, userIds),
    db
      .select({ userId: notificationPreferences.userId, kind: notificationPreferences.kind })
      .from(notificationPreferences)
      .where(eq(notificationPreferences.email, false)),
  ]);
  const muted = new Set(off.map((p) => `${p.userId} ${p.kind}`));
  for (const n of fresh) {
    const person = recipients.find((p) => p.id === n.userId);
    if (!person?.email || muted.has(`${n.userId} ${n.kind}`)) continue;
    const language: Language = isLanguage(person.locale) ? person.locale : "zh-CN";
    const t = await translator(language);
    const { title, body } = renderNotification(t, language, n.kind, n.params);
    const link = `${appUrl}${n.link ?? "/notifications"}`;
    await enqueueEmail(db, {
      to: person.email,
      subject: title,
      text: `${person.name}：\n\n${body}\n\n${t("notifications.email.footer", { link, settings: `${appUrl}/account#notifications` })}`,
      attachments: isSessionKind(n.kind)
        ? [
            {
              filename: "exam-session.ics",
              contentType: "text/calendar; charset=utf-8",
              content: calendarOf(t, language, n, appUrl),
            },
          ]
        : undefined,
    });
  }
  return fresh.length;
}

type Translate = Awaited<ReturnType<typeof translator>>;

function calendarOf(t: Translate, language: Language, n: typeof notifications.$inferSelect, appUrl: string) {
  const p = n.params;
  const { title } = renderNotification(t, language, "session_scheduled", p);
  return sessionIcs({
    sessionId: n.subject,
    title: p.session ? `${t(`levels.${p.level}`, { defaultValue: p.level ?? "" })} · ${p.session}` : title,
    description: t("notifications.icsDescription", renderValues(t, language, p)),
    location: p.location || null,
    opensAt: new Date(p.opensAt ?? n.createdAt),
    closesAt: new Date(p.closesAt ?? n.createdAt),
    url: `${appUrl}/exams`,
    sequence: Number(p.sequence ?? 0),
    cancelled: n.kind === "session_cancelled",
  });
}

function renderValues(t: Translate, language: Language, p: Record<string, string>) {
  return {
    level: t(`levels.${p.level}`, { defaultValue: p.level ?? "" }),
    opensAt: p.opensAt ? formatDateTime(p.opensAt, language) : "",
    closesAt: p.closesAt ? formatDateTime(p.closesAt, language) : "",
  };
}

/** The .ics of a session notification the person owns (404 for anyone else's, or a kind without one). */
export async function notificationCalendar(
  db: DbOrTx,
  appUrl: string,
  userId: string,
  notificationId: string,
  language: Language,
) {
  const n = await notificationOf(db, userId, notificationId);
  if (!isSessionKind(n.kind)) throw notFound();
  return calendarOf(await translator(language), language, n, appUrl);
}

/** One of the person's notifications, or 404 (also for another person's). */
export async function notificationOf(db: DbOrTx, userId: string, notificationId: string) {
  const [n] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, notificationId), eq(notifications.userId, userId)));
  if (!n) throw notFound();
  return n;
}

/** The person's inbox, newest first. */
export async function inboxOf(db: DbOrTx, userId: string, limit = 100) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      params: notifications.params,
      link: notifications.link,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

// The header's badge is read on every signed-in page: prepared once (an unprepared statement is parsed anew
// each time on PostgreSQL).
const unreadCountStatement = preparedFor((db) =>
  db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, sql.placeholder("userId")), isNull(notifications.readAt)))
    .prepare("notifications_unread_count"),
);

/** For the header's badge. */
export async function unreadCount(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await unreadCountStatement(db).execute({ userId });
  return Number(row?.n ?? 0);
}

/** Marks one of the person's notifications read; 404 for another person's. */
export async function markRead(db: DbOrTx, userId: string, notificationId: string, now = new Date()) {
  const n = await notificationOf(db, userId, notificationId);
  if (!n.readAt)
    await db
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.id, n.id), eq(notifications.userId, userId)));
}

export async function markAllRead(db: DbOrTx, userId: string, now = new Date()) {
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

const emailPreferencesStatement = preparedFor((db) =>
  db
    .select({ kind: notificationPreferences.kind, email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, sql.placeholder("userId")))
    .prepare("notification_email_preferences"),
);

/** Whether each kind is e-mailed to the person (no row means yes). */
export async function emailPreferencesOf(db: DbOrTx, userId: string): Promise<Record<NotificationKind, boolean>> {
  const rows = await emailPreferencesStatement(db).execute({ userId });
  const result = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, true])) as Record<NotificationKind, boolean>;
  for (const row of rows) if (row.kind in result) result[row.kind as NotificationKind] = row.email;
  return result;
}

/**
 * Sets the offered kinds at once (all by default): the ticked ones are e-mailed, the rest only reach the inbox.
 * Kinds the person was not offered keep what they had.
 */
export async function setEmailPreferences(
  db: DbOrTx,
  userId: string,
  emailed: readonly NotificationKind[],
  offered: readonly NotificationKind[] = NOTIFICATION_KINDS,
) {
  const on = new Set(emailed);
  await db.transaction(async (tx) => {
    await tx
      .delete(notificationPreferences)
      .where(and(eq(notificationPreferences.userId, userId), inArray(notificationPreferences.kind, [...offered])));
    await tx.insert(notificationPreferences).values(offered.map((kind) => ({ userId, kind, email: on.has(kind) })));
  });
}
