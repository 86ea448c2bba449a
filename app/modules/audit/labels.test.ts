import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { translator } from "~/i18n/i18n.server";

/** Every source file of the app that writes audit entries (tests excluded). */
function auditingSources(dir = "app"): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return auditingSources(path);
    if (!/\.tsx?$/.test(name) || /\.test\.tsx?$/.test(name)) return [];
    const text = readFileSync(path, "utf8");
    return /recordAudit\(|\baudit\(/.test(text) ? [{ path, text }] : [];
  });
}

const ACTION = String.raw`([a-z_]+(?:\.[a-z_]+)+)`;

/**
 * The actions the code records, read from the code: `action: "x.y"`, `action: cond ? "x.y" : "x.z"`,
 * `action: \`x.${cond ? "a" : "b"}\``, a module's own `audit(tx, actor, "x.y", …)` helper; and the prefixes of
 * actions built from a value (`content_change.${status}`), which must have labels under that prefix.
 */
function actionsInCode() {
  const actions = new Set<string>();
  const prefixes = new Set<string>();
  for (const { text } of auditingSources()) {
    for (const m of text.matchAll(new RegExp(String.raw`action:\s*"${ACTION}"`, "g"))) actions.add(m[1]!);
    for (const m of text.matchAll(new RegExp(String.raw`action:\s*[^,\n]*?\?\s*"${ACTION}"\s*:\s*"${ACTION}"`, "g")))
      actions.add(m[1]!).add(m[2]!);
    for (const m of text.matchAll(/action:\s*`([a-z_.]+)\$\{[^}]*\?\s*"(\w+)"\s*:\s*"(\w+)"\s*\}`/g))
      actions.add(m[1]! + m[2]!).add(m[1]! + m[3]!);
    for (const m of text.matchAll(new RegExp(String.raw`\baudit\(\s*\w+\s*,\s*\w+\s*,\s*"${ACTION}"`, "g")))
      actions.add(m[1]!);
    for (const m of text.matchAll(/\baudit\(\s*\w+\s*,\s*\w+\s*,\s*`([a-z_]+)\.\$\{\w+(?:\.\w+)*\}`/g))
      prefixes.add(m[1]!);
  }
  return { actions: [...actions].sort(), prefixes: [...prefixes] };
}

describe("the audit log names every action in both languages", () => {
  test("each action recorded anywhere in the code has a label in zh-CN and en", async () => {
    const { actions } = actionsInCode();
    // The collector finds the actions of every area, sign-in events included.
    expect(actions).toEqual(
      expect.arrayContaining([
        "apikey.create",
        "certificate.issue_cohort",
        "enrolment.import",
        "auth.sign_in",
        "auth.sign_in_failed",
        "auth.sign_out",
        "certificate.renew",
        "user.password_set",
      ]),
    );
    for (const language of ["zh-CN", "en"] as const) {
      const t = await translator(language);
      const missing = actions.filter((a) => t(`auditActions.${a}`, { defaultValue: "" }) === "");
      expect(missing, `actions without a ${language} label in auditActions`).toEqual([]);
    }
  });

  test("actions built from a value have labels under their prefix", async () => {
    const { prefixes } = actionsInCode();
    const { default: zh } = await import("~/i18n/locales/zh-CN");
    for (const prefix of prefixes)
      expect(
        Object.keys(zh.auditActions).some((k) => k.startsWith(`${prefix}.`)),
        prefix,
      ).toBe(true);
  });

  test("every kind of object the log names has a label", async () => {
    const types = new Set<string>();
    for (const { text } of auditingSources())
      for (const m of text.matchAll(/targetType:\s*(?:[^,\n"]*\?\s*)?"([a-z_]+)"(?:\s*:\s*"([a-z_]+)")?/g))
        [m[1], m[2]].forEach((x) => x && types.add(x));
    for (const language of ["zh-CN", "en"] as const) {
      const t = await translator(language);
      expect(
        [...types].filter((type) => t(`auditTargets.${type}`, { defaultValue: "" }) === ""),
        language,
      ).toEqual([]);
    }
  });
});
