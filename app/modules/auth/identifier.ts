/** A person signs in with an e-mail address or a mainland mobile number (11 digits, 1[3-9]…). */
export type Identifier = { kind: "email"; value: string } | { kind: "phone"; value: string };

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseIdentifier(raw: string): Identifier | null {
  const value = raw.trim();
  // Numbers are often typed with spaces or dashes, or with the +86 country code.
  const digits = value.replace(/[\s-]/g, "").replace(/^(\+?86)(?=1\d{10}$)/, "");
  if (MOBILE_PATTERN.test(digits)) return { kind: "phone", value: digits };
  if (value.length <= 254 && EMAIL_PATTERN.test(value)) return { kind: "email", value: value.toLowerCase() };
  return null;
}
