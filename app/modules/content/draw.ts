import type { ExamConfig } from "./schemas";

/** What the draw needs to know of a question in the bank. */
export interface BankEntry {
  questionId: string;
  versionId: string;
  module: string;
  topic: string;
  type: string;
  difficulty: number;
  /** Per part (one for a plain question): how many options it shows, 0 when it has none. */
  optionCounts: number[];
}

export interface DrawnItem {
  questionId: string;
  versionId: string;
  section: number;
  /** Per part: the order in which the options are shown (indexes into the stored options). */
  optionOrders: number[][];
}

export type DrawResult =
  | { ok: true; items: DrawnItem[] }
  | { ok: false; section: number; needed: number; available: number };

/** A small seeded generator (mulberry32), so a test or a content check can draw reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A draw asks for a number per question of the pool and per option: the CSPRNG is called for 256 at a time
// (one call per number was 3 ms of CPU per exam start, docs/performance.md). Each value is used once.
const randomValues = new Uint32Array(256);
let nextRandom = randomValues.length;

/** Unbiased random numbers from the platform's CSPRNG, for real attempts. */
export function cryptoRandom(): number {
  if (nextRandom === randomValues.length) {
    crypto.getRandomValues(randomValues);
    nextRandom = 0;
  }
  return randomValues[nextRandom++]! / 4294967296;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Whether a question fits a section's filters (module, topic, type, difficulty); the pool-margin check counts with it too. */
export function fitsSection(entry: Pick<BankEntry, "module" | "topic" | "type" | "difficulty">, section: ExamConfig["sections"][number]) {
  return (
    (!section.modules || section.modules.includes(entry.module as never)) &&
    (!section.topics || section.topics.includes(entry.topic)) &&
    (!section.types || section.types.includes(entry.type as never)) &&
    (!section.difficulty || (entry.difficulty >= section.difficulty.min && entry.difficulty <= section.difficulty.max))
  );
}

/**
 * Draws an exam: for each section in order, `draw` distinct questions that fit its filters and were not
 * drawn by an earlier section, in random order, each with its options shuffled. Fails — naming the
 * section — when the bank holds too few.
 */
export function drawExam(bank: BankEntry[], sections: ExamConfig["sections"], random: () => number): DrawResult {
  const taken = new Set<string>();
  const items: DrawnItem[] = [];
  for (const [index, section] of sections.entries()) {
    const candidates = bank.filter((entry) => !taken.has(entry.questionId) && fitsSection(entry, section));
    if (candidates.length < section.draw)
      return { ok: false, section: index, needed: section.draw, available: candidates.length };
    for (const entry of shuffle(candidates, random).slice(0, section.draw)) {
      taken.add(entry.questionId);
      items.push({
        questionId: entry.questionId,
        versionId: entry.versionId,
        section: index,
        optionOrders: entry.optionCounts.map((count) => (count > 0 ? shuffle([...Array(count).keys()], random) : [])),
      });
    }
  }
  return { ok: true, items };
}
