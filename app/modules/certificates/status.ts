/** What a verifier is told about a certificate. Computed, never stored: expiry happens by itself. */
export type CertificateStatus = "valid" | "expired" | "revoked" | "superseded";

export function certificateStatus(
  c: { revokedAt: Date | string | null; supersededAt: Date | string | null; expiresAt: Date | string | null },
  now: Date,
): CertificateStatus {
  if (c.revokedAt) return "revoked";
  if (c.supersededAt) return "superseded";
  if (c.expiresAt && new Date(c.expiresAt) <= now) return "expired";
  return "valid";
}

/**
 * The holder's name as a stranger sees it: first and last character kept (张*芳, 李*), Latin names by
 * initials of each word. Enough to recognise, not enough to harvest.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (/^[\p{Script=Han}·]+$/u.test(name.trim())) {
    if (chars.length <= 1) return "*";
    if (chars.length === 2) return `${chars[0]}*`;
    return `${chars[0]}${"*".repeat(chars.length - 2)}${chars.at(-1)}`;
  }
  return name
    .trim()
    .split(/\s+/)
    .map((w) => `${[...w][0] ?? ""}${"*".repeat(Math.max(1, [...w].length - 1))}`)
    .join(" ");
}

/** Whether a typed name is the holder's: NFKC, case and spaces do not matter. */
export function namesMatch(typed: string, holder: string): boolean {
  const norm = (s: string) =>
    s
      .normalize("NFKC")
      .replace(/[\s·•.]/g, "")
      .toLowerCase();
  return norm(typed).length > 0 && norm(typed) === norm(holder);
}
