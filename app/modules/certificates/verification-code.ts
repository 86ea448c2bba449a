/** Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand stays unambiguous. */
export const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CODE_LENGTH = 10;

/** A fresh code: 50 random bits from the CSPRNG as 10 base32 characters. */
export function newVerificationCode(): string {
  // 7 bytes = 56 bits; the lowest 6 are dropped.
  // Web Crypto (Node 20 and browsers alike): this file is reachable from the client-safe face.
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(7)), (b) => b.toString(16).padStart(2, "0")).join("");
  let bits = BigInt(`0x${hex}`) >> 6n;
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) {
    code = CROCKFORD_ALPHABET[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return code;
}

/** "ABCDE-FGHJK": two groups of five, easier to read out on the phone. */
export function groupCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

const CODE_PATTERN = new RegExp(`^[${CROCKFORD_ALPHABET}]{${CODE_LENGTH}}$`);

/** A typed code in canonical form, or null. Forgiving the way Crockford intends: I/L read as 1, O as 0. */
export function normalizeCode(input: string): string | null {
  const code = input
    .normalize("NFKC") // full-width letters and the ideographic space, common with Chinese input methods
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  return CODE_PATTERN.test(code) ? code : null;
}
