import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseWithZod } from "@conform-to/zod";
import { describe, expect, test } from "vitest";
import { signupSchema } from "~/modules/auth";
import { translator } from "./i18n.server";
import en from "./locales/en";
import zhCN from "./locales/zh-CN";

function keys(node: object, prefix = ""): string[] {
  return Object.entries(node).flatMap(([k, v]) =>
    typeof v === "string" ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`),
  );
}

function leaves(node: object, prefix = ""): [string, string][] {
  return Object.entries(node).flatMap(([k, v]): [string, string][] =>
    typeof v === "string" ? [[`${prefix}${k}`, v]] : leaves(v as object, `${prefix}${k}.`),
  );
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)])),
  );
  return nested.flat().filter((f) => /\.(ts|tsx)$/.test(f) && !f.endsWith(".test.ts"));
}

describe("message catalogs", () => {
  test("zh-CN and en have the same keys, none empty", () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
    for (const catalog of [en, zhCN]) for (const [k, value] of leaves(catalog)) expect(value.trim(), k).not.toBe("");
  });

  test("English strings carry no full-width punctuation (Level：…)", () => {
    const fullWidth = /[：，。；！？（）、「」『』【】《》\u3000]/;
    // A deliberately bilingual string (the API's "中文 / English" errors) keeps its Chinese half's punctuation.
    expect(leaves(en).filter(([, value]) => fullWidth.test(value) && !/\p{Script=Han}/u.test(value))).toEqual([]);
  });

  test("every validation key used in the code exists in both catalogs", async () => {
    const files = await sourceFiles("app");
    const used = new Set<string>();
    for (const file of files)
      for (const match of (await readFile(file, "utf8")).matchAll(/"(validation\.[a-zA-Z.]+)"/g)) used.add(match[1]!);
    expect(used.size).toBeGreaterThan(10);
    const known = new Set(keys(zhCN));
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });

  test("a form's validation errors read in Chinese by default and in English when chosen", async () => {
    const form = new FormData();
    form.set("name", "");
    form.set("identifier", "12345");
    form.set("password", "short");
    form.set("confirmPassword", "other");
    const submission = parseWithZod(form, { schema: signupSchema });
    expect(submission.status).toBe("error");
    const errors = submission.reply().error!;
    const zh = await translator("zh-CN");
    const english = await translator("en");
    expect(zh(errors.identifier![0]!)).toBe("请输入有效的电子邮箱或 11 位手机号");
    expect(english(errors.identifier![0]!)).toBe("Enter a valid e-mail address or an 11-digit mobile number");
    expect(zh(errors.password![0]!)).toBe("密码至少需要 8 个字符");
    expect(english(errors.password![0]!)).toBe("The password needs at least 8 characters");
    expect(zh(errors.name![0]!)).toBe("此项为必填项");
  });

  test("an over-long value is refused with a message, not cut silently", () => {
    const form = new FormData();
    form.set("name", "名".repeat(51));
    form.set("identifier", `${"a".repeat(250)}@example.cn`);
    form.set("password", "x".repeat(129));
    form.set("confirmPassword", "x".repeat(129));
    const errors = parseWithZod(form, { schema: signupSchema }).reply().error!;
    expect(errors.name).toEqual(["validation.name.tooLong"]);
    expect(new Set(errors.identifier)).toEqual(new Set(["validation.identifier.invalid"]));
    expect(errors.password).toEqual(["validation.password.tooLong"]);
  });
});
