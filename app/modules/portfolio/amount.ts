/**
 * Contract amounts as people write them: "12.5", "1,250,000", "125万", "¥3.2亿元". Parsed with integer
 * arithmetic into fen, so no amount is ever rounded by floating point.
 */
export type AmountResult = { ok: true; fen: number } | { ok: false; error: AmountError };
export type AmountError =
  | "portfolio.errors.amountRequired"
  | "portfolio.errors.amountNegative"
  | "portfolio.errors.amountInvalid"
  | "portfolio.errors.amountTooPrecise"
  | "portfolio.errors.amountTooLarge";

// Digits of fen per unit: 元 → 2, 万 → 6, 亿 → 10.
const UNIT_DIGITS: Record<string, number> = { "": 2, 万: 6, 亿: 10 };
// A trillion yuan is beyond any single technology contract; it also keeps fen a safe integer.
const MAX_FEN = 10n ** 14n;

const FULL_WIDTH = /[０-９．，－]/g;
const toHalfWidth = (s: string) => s.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

export function parseAmountToFen(raw: string): AmountResult {
  const text = toHalfWidth(raw)
    .replace(/\s+/g, "")
    .replace(/^(?:¥|￥|RMB|CNY)/i, "")
    .replace(/元$/, "")
    // "人民币" before or after, as contracts often write it.
    .replace(/^人民币|人民币$/g, "");
  if (text === "") return { ok: false, error: "portfolio.errors.amountRequired" };
  if (/^[-−]/.test(text)) return { ok: false, error: "portfolio.errors.amountNegative" };
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万|亿)?$/.exec(text);
  if (!match) return { ok: false, error: "portfolio.errors.amountInvalid" };
  const [, whole = "0", fraction = "", unit = ""] = match;
  const digits = UNIT_DIGITS[unit]!;
  if (fraction.length > digits) return { ok: false, error: "portfolio.errors.amountTooPrecise" };
  const fen = BigInt(whole.replace(/,/g, "")) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0");
  if (fen > MAX_FEN) return { ok: false, error: "portfolio.errors.amountTooLarge" };
  return { ok: true, fen: Number(fen) };
}

/** The amount as a plain yuan figure a form field can show and parse back: 1250 → "12.50". */
export function fenToYuanText(fen: number) {
  const yuan = Math.trunc(fen / 100);
  const rest = fen % 100;
  return rest === 0 ? String(yuan) : `${yuan}.${String(rest).padStart(2, "0")}`;
}

/** The amount for reading, with the currency: "¥1,250,000.00" / "CN¥1,250,000.00". */
export function formatYuan(fen: number, language: string) {
  return new Intl.NumberFormat(language, { style: "currency", currency: "CNY" }).format(fen / 100);
}
