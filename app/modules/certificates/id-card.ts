/**
 * Mainland resident ID-card numbers (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit
 * sequence and an ISO 7064 MOD 11-2 check character (0-9 or X). For the optional masked number on a
 * certificate (issue 12, point 6): the trainee's number is checked here and only its mask is kept (holder.server.ts).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";
/** The first two digits: provinces, autonomous regions and municipalities (GB/T 2260). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65,
]);

export type IdCardProblem = "format" | "region" | "birthDate" | "checkDigit";

/** The check character of the first 17 digits. */
export function idCardCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/**
 * The number as stored (upper-case X), or what is wrong with it. Spaces are ignored, as people type them
 * in groups; the 15-digit numbers of the first generation are refused (they have no check digit).
 */
export function parseIdCardNumber(
  input: string,
  today = new Date(),
): { ok: true; number: string } | { ok: false; problem: IdCardProblem } {
  const number = input.replace(/\s+/g, "").toUpperCase();
  if (!/^\d{17}[\dX]$/.test(number)) return { ok: false, problem: "format" };
  if (!PROVINCES.has(Number(number.slice(0, 2)))) return { ok: false, problem: "region" };
  const [year, month, day] = [number.slice(6, 10), number.slice(10, 12), number.slice(12, 14)].map(Number) as [
    number,
    number,
    number,
  ];
  const born = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || born.getUTCMonth() !== month - 1 || born.getUTCDate() !== day || born.getTime() > today.getTime())
    return { ok: false, problem: "birthDate" };
  if (idCardCheckCharacter(number) !== number[17]) return { ok: false, problem: "checkDigit" };
  return { ok: true, number };
}

/** As printed: the first three and last four characters, the birth date and the rest hidden. */
export function maskIdCardNumber(number: string): string {
  return `${number.slice(0, 3)}${"*".repeat(number.length - 7)}${number.slice(-4)}`;
}
