import { inArray } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { emailOutbox } from "#db/schema";

/** Erasure: every e-mail to these addresses leaves the outbox (sent or not). */
export async function forgetRecipients(tx: DbOrTx, addresses: readonly string[]): Promise<void> {
  if (!addresses.length) return;
  await tx.delete(emailOutbox).where(inArray(emailOutbox.to, [...addresses]));
}
