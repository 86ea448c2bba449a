/** One field an audited action changed: its path in the record and the values before and after, as text. */
export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

const MAX_DEPTH = 4;

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((v) => v === null || ["string", "number", "boolean"].includes(typeof v)))
    return value.join("、");
  return JSON.stringify(value);
}

/** Leaves of a record as dotted paths (a.b.c), so nested records compare field by field. */
function flatten(value: unknown, prefix: string, out: Map<string, string | null>, depth: number) {
  if (value !== null && typeof value === "object" && !Array.isArray(value) && depth < MAX_DEPTH) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length && prefix) out.set(prefix, null);
    for (const [key, inner] of entries) flatten(inner, prefix ? `${prefix}.${key}` : key, out, depth + 1);
    return;
  }
  out.set(prefix, text(value));
}

/**
 * What an audit entry changed, field by field: fields whose value differs between `before` and `after`, in the
 * order they appear (after's first). A creation (no before) lists every field it set; a deletion every field
 * it removed. A value that is not a record is one field named "".
 */
export function auditChanges(before: unknown, after: unknown): FieldChange[] {
  const a = new Map<string, string | null>();
  const b = new Map<string, string | null>();
  if (before !== null && before !== undefined) flatten(before, "", b, 0);
  if (after !== null && after !== undefined) flatten(after, "", a, 0);
  const fields = [...new Set([...a.keys(), ...b.keys()])];
  return fields
    .map((field) => ({ field, before: b.get(field) ?? null, after: a.get(field) ?? null }))
    .filter((c) => c.before !== c.after);
}
