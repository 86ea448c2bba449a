import { inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { emailOutbox } from "#db/schema";
import { makeUser } from "../../../tests/setup/factories";
import { enqueueEmails } from "~/modules/mail/index.server";
import { db } from "~/utils/db.server";
import { findPasswordToken, passwordTokenExpiry } from "./accounts.server";
import { accountsByContact, createAccounts, createPasswordTokens } from "./bulk.server";
import { namesOf, people, peopleByIds } from "./people.server";

describe("accounts in bulk", () => {
  test("creates accounts without passwords, finds them by contact, and makes working set links", async () => {
    const d = await db();
    const tag = Date.now().toString(36);
    const created = await createAccounts(d, [
      { name: "甲", email: `a-${tag}@example.cn`, phone: null },
      { name: "乙", email: null, phone: `139${tag.slice(-8).padStart(8, "0").replace(/\D/g, "7")}` },
    ]);
    expect(created).toHaveLength(2);
    const found = await accountsByContact(d, { emails: [`a-${tag}@example.cn`], phones: [created[1]!.phone!] });
    expect(found.map((f) => f.id).sort()).toEqual(created.map((c) => c.id).sort());
    expect(await accountsByContact(d, { emails: [], phones: [] })).toEqual([]);
    const listed = await peopleByIds(
      d,
      created.map((c) => c.id),
    );
    expect(listed.every((p) => p.hasPassword === false)).toBe(true);

    const now = new Date();
    const ids = created.map((c) => c.id);
    const tokens = await createPasswordTokens(d, ids, "set", now);
    expect(tokens).toHaveLength(2);
    for (const [i, token] of tokens.entries())
      expect(await findPasswordToken(d, token, now)).toMatchObject({ userId: ids[i], purpose: "set" });
    expect(passwordTokenExpiry("set", now).getTime()).toBeGreaterThan(now.getTime());
  });

  test("a person named by both contacts is found once, among many contacts that belong to nobody", async () => {
    const d = await db();
    const tag = Date.now().toString(36);
    const phone = `137${tag.slice(-8).padStart(8, "0").replace(/\D/g, "3")}`;
    const [both] = await createAccounts(d, [{ name: "丁", email: `both-${tag}@example.cn`, phone }]);
    const strangers = Array.from({ length: 2000 }, (_, i) => `nobody-${tag}-${i}@example.cn`);
    const found = await accountsByContact(d, {
      emails: [...strangers, both!.email!, both!.email!],
      phones: [phone, "13700000000"],
    });
    expect(found).toEqual([{ id: both!.id, name: "丁", email: both!.email, phone }]);
  });

  test("a taken e-mail fails the whole statement", async () => {
    const d = await db();
    const existing = await makeUser(d);
    await expect(createAccounts(d, [{ name: "丙", email: existing.email, phone: null }])).rejects.toBeTruthy();
  });

  test("names and the people subquery", async () => {
    const d = await db();
    const a = await makeUser(d);
    const names = await namesOf(d, [a.id, a.id, "00000000-0000-0000-0000-000000000000"]);
    expect([...names]).toEqual([[a.id, a.name]]);
    const [row] = await d
      .select({ name: people.name, hasPassword: people.hasPassword })
      .from(people)
      .where(inArray(people.id, [a.id]));
    expect(row).toEqual({ name: a.name, hasPassword: true });
  });

  test("mail enqueues many in one statement", async () => {
    const d = await db();
    const to = [`m1-${Date.now()}@example.cn`, `m2-${Date.now()}@example.cn`];
    await enqueueEmails(
      d,
      to.map((t) => ({ to: t, subject: "主题", text: "正文" })),
    );
    await enqueueEmails(d, []);
    const rows = await d.select({ to: emailOutbox.to }).from(emailOutbox).where(inArray(emailOutbox.to, to));
    expect(rows.map((r) => r.to).sort()).toEqual([...to].sort());
  });
});
