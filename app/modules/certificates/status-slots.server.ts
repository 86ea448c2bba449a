import { randomInt } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificates } from "#db/schema";
import { STATUS_LIST_LENGTH } from "./badge.server";

/**
 * Certificates a status list takes before the next one starts: half its bits, so a random free position
 * is found in a try or two and the bits in use stay hidden among as many unused ones (W3C Bitstring
 * Status List §6.1 asks for random positions, so a bit reveals neither issue order nor issue volume).
 */
export const STATUS_LIST_CAPACITY = STATUS_LIST_LENGTH / 2;

export interface StatusSlot {
  statusList: number;
  statusIndex: number;
}

/**
 * `n` free random (list, position) slots for certificates about to be inserted in this transaction. An
 * advisory lock held until the transaction ends keeps two issuers from drawing the same free slot.
 */
export async function allocateStatusSlots(
  tx: DbOrTx,
  n: number,
  capacity = STATUS_LIST_CAPACITY,
  length = STATUS_LIST_LENGTH,
): Promise<StatusSlot[]> {
  if (n <= 0) return [];
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('tm-academy:certificate-status-slots'))`);
  const [last] = await tx
    .select({ list: certificates.statusList, used: sql<number>`count(*)::int` })
    .from(certificates)
    .groupBy(certificates.statusList)
    .orderBy(desc(certificates.statusList))
    .limit(1);
  let list = last?.list ?? 1;
  let used = last?.used ?? 0;
  const slots: StatusSlot[] = [];
  while (slots.length < n) {
    if (used >= capacity) {
      list += 1;
      used = 0;
    }
    const want = Math.min(n - slots.length, capacity - used);
    const picked = await freePositions(tx, list, want, length);
    for (const statusIndex of picked) slots.push({ statusList: list, statusIndex });
    used += picked.length;
  }
  return slots;
}

/** `want` distinct random positions not yet used in `list`. */
async function freePositions(tx: DbOrTx, list: number, want: number, length: number): Promise<number[]> {
  const chosen = new Set<number>();
  while (chosen.size < want) {
    const candidates = new Set<number>();
    // Twice what is missing: with the list at most half full, nearly always enough in one round.
    while (candidates.size < Math.min(2 * (want - chosen.size), length)) {
      const c = randomInt(length);
      if (!chosen.has(c)) candidates.add(c);
    }
    const taken = new Set<number>();
    const all = [...candidates];
    for (let i = 0; i < all.length; i += 5000) {
      const rows = await tx
        .select({ index: certificates.statusIndex })
        .from(certificates)
        .where(and(eq(certificates.statusList, list), inArray(certificates.statusIndex, all.slice(i, i + 5000))));
      for (const r of rows) taken.add(r.index);
    }
    for (const c of all) {
      if (chosen.size >= want) break;
      if (!taken.has(c)) chosen.add(c);
    }
  }
  return [...chosen];
}
