import { diffLines } from "diff";

/** One row of a side-by-side diff: the old line on the left, the new on the right. */
export interface DiffRow {
  kind: "same" | "removed" | "added" | "changed";
  left: string | null;
  right: string | null;
}

const linesOf = (value: string) => value.replace(/\n$/, "").split("\n");

/**
 * Two versions' text as side-by-side rows (the `diff` library finds the changed lines; a removed block
 * followed by an added one is paired line by line as "changed").
 */
export function sideBySide(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  const parts = diffLines(before, after);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) {
      for (const line of linesOf(part.value)) rows.push({ kind: "same", left: line, right: line });
      continue;
    }
    if (part.removed && parts[i + 1]?.added) {
      const left = linesOf(part.value);
      const right = linesOf(parts[i + 1]!.value);
      for (let j = 0; j < Math.max(left.length, right.length); j++)
        rows.push({ kind: j < left.length && j < right.length ? "changed" : j < left.length ? "removed" : "added", left: left[j] ?? null, right: right[j] ?? null });
      i++;
      continue;
    }
    for (const line of linesOf(part.value))
      rows.push(part.added ? { kind: "added", left: null, right: line } : { kind: "removed", left: line, right: null });
  }
  return rows;
}
