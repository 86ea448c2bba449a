import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { parse } from "yaml";

/**
 * The junior bank's keys, read from content/ the way an examiner would, so a browser journey can answer
 * as a well-prepared candidate. Keyed by stem: the page shows options shuffled, so answers are option texts.
 */
type Key =
  | { type: "single"; correct: string[] }
  | { type: "multiple"; correct: string[] }
  | { type: "true_false"; answer: boolean }
  | { type: "fill_in"; accepted: string[] }
  | { type: "essay" };

interface RawPart {
  type: string;
  stem: string;
  options?: string[];
  answer?: number | number[] | boolean | (string | number)[];
}

function keyOf(part: RawPart): Key {
  switch (part.type) {
    case "single":
      return { type: "single", correct: [part.options![part.answer as number]!] };
    case "multiple":
      return { type: "multiple", correct: (part.answer as number[]).map((i) => part.options![i]!) };
    case "true_false":
      return { type: "true_false", answer: part.answer as boolean };
    case "fill_in":
      return { type: "fill_in", accepted: (part.answer as (string | number)[]).map(String) };
    default:
      return { type: "essay" };
  }
}

export async function loadBankKeys(level: string) {
  const dir = path.resolve("content/questions", level);
  const keys = new Map<string, Key>();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".yaml"))) {
    const doc = parse(await readFile(path.join(dir, file), "utf8")) as {
      questions: (RawPart & { parts?: RawPart[] })[];
    };
    for (const q of doc.questions)
      for (const part of q.type === "case" ? q.parts! : [q]) keys.set(part.stem.trim(), keyOf(part));
  }
  return keys;
}

const ESSAY =
  "技术经理人应先核实权属与披露情况，再评估技术成熟度和市场价值，选择许可或转让等合适方式，在合同中明确权利义务、价款支付与后续改进成果归属，并按规定办理技术合同登记。";

/** Answers every part of the question on screen from the key; essays get a reasoned paragraph. */
export async function answerShownQuestion(page: Page, keys: Map<string, Key>) {
  const section = page.locator("section[aria-labelledby=question-heading]");
  const inputs = section.locator("[role=radiogroup], [role=group], input.input, textarea");
  const count = await inputs.count();
  for (let i = 0; i < count; i++) {
    const input = inputs.nth(i);
    const stem = (await input.getAttribute("aria-label"))?.trim() ?? "";
    const tag = await input.evaluate((el) => el.tagName.toLowerCase());
    if (tag === "textarea") {
      await input.fill(ESSAY);
      await input.blur();
      continue;
    }
    if (tag === "input") {
      // Fill-in inputs are labelled "your answer": their stem is the paragraph just above.
      const stemText =
        (await input.locator("xpath=preceding-sibling::p[1]").textContent())
          ?.replace(/\s*\(\d+(\.\d+)? 分\)\s*$/, "")
          .replace(/^\(\d+\)\s*/, "")
          .trim() ?? "";
      const key = keys.get(stemText);
      if (key?.type !== "fill_in") throw new Error(`no fill-in key for: ${stemText}`);
      await input.fill(key.accepted[0]!);
      await input.blur();
      continue;
    }
    const key = keys.get(stem);
    if (!key) throw new Error(`no key for: ${stem}`);
    if (key.type === "true_false") await input.getByLabel(key.answer ? "正确" : "错误", { exact: true }).check();
    else if (key.type === "single" || key.type === "multiple")
      for (const text of key.correct)
        await input
          .locator("label")
          .filter({ hasText: new RegExp(`^\\s*[A-Z]\\. ${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`) })
          .locator("input")
          .check();
  }
}
