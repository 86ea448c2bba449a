/** The letter a level has in a serial; unknown levels use their first letter. */
const LEVEL_LETTERS: Record<string, string> = { junior: "J", intermediate: "I", senior: "S" };

export interface SerialParts {
  issuer: string;
  year: number;
  regionCode: string;
  levelSlug: string;
  sequence: number;
}

export interface ParsedSerial {
  issuer: string;
  year: number;
  regionCode: string;
  levelLetter: string;
  /** The level the letter stands for, when it is one of the known three. */
  levelSlug: string | null;
  sequence: number;
  /** The serial in canonical form (upper case, no surrounding spaces). */
  serial: string;
}

export function levelLetterOf(levelSlug: string): string {
  const letter = LEVEL_LETTERS[levelSlug] ?? levelSlug.trim().charAt(0).toUpperCase();
  if (!/^[A-Z]$/.test(letter)) throw new Error(`No serial letter for level "${levelSlug}"`);
  return letter;
}

/** TMA-2026-SX-J-00042: the sequence is padded to five digits and grows beyond if it must. */
export function formatSerial({ issuer, year, regionCode, levelSlug, sequence }: SerialParts): string {
  if (!/^[A-Z]+$/.test(issuer)) throw new Error(`Bad issuer "${issuer}"`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`Bad year ${year}`);
  if (!/^[A-Z0-9]+$/.test(regionCode)) throw new Error(`Bad region code "${regionCode}"`);
  if (!Number.isSafeInteger(sequence) || sequence < 0) throw new Error(`Bad sequence ${sequence}`);
  return `${issuer}-${year}-${regionCode}-${levelLetterOf(levelSlug)}-${String(sequence).padStart(5, "0")}`;
}

const SERIAL_PATTERN = /^([A-Z]+)-(\d{4})-([A-Z0-9]+)-([A-Z])-(\d{5,})$/;
const SLUG_BY_LETTER = new Map(Object.entries(LEVEL_LETTERS).map(([slug, letter]) => [letter, slug]));

/** Reads a serial as a person might type it (any case, spaces around); null when it is not one. */
export function parseSerial(text: string): ParsedSerial | null {
  const serial = text.trim().toUpperCase();
  const match = SERIAL_PATTERN.exec(serial);
  if (!match) return null;
  const [, issuer, year, regionCode, levelLetter, sequence] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const number = Number(sequence);
  // Only the padding formatSerial writes, so one certificate has one spelling (…-000042 is not …-00042).
  if (!Number.isSafeInteger(number) || String(number).padStart(5, "0") !== sequence) return null;
  return {
    issuer,
    year: Number(year),
    regionCode,
    levelLetter,
    levelSlug: SLUG_BY_LETTER.get(levelLetter) ?? null,
    sequence: number,
    serial,
  };
}
