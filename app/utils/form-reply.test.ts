import { parseWithZod } from "@conform-to/zod";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { caseFormSchema } from "~/modules/portfolio";
import { failure, fieldFailure, isFailure } from "./failure";
import { firstError, replyWithFailure, typedValues } from "./form-reply";

const schema = z.object({
  email: z.string({ required_error: "validation.email.invalid" }).email("validation.email.invalid"),
});

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

describe("one failure shape, one reply", () => {
  test("a failure that names a field becomes that field's error; what was typed is kept", () => {
    const submission = parseWithZod(form({ email: "wang@example.cn" }), { schema });
    const reply = replyWithFailure(submission, fieldFailure("email", "validation.staff.alreadyMember"));
    expect(reply.error).toEqual({ email: ["validation.staff.alreadyMember"] });
    expect(reply.initialValue).toEqual({ email: "wang@example.cn" });
    expect(firstError(reply)).toBe("validation.staff.alreadyMember");
  });

  test("a failure without a field is a form error; hidden fields are not sent back", () => {
    const submission = parseWithZod(form({ email: "wang@example.cn" }), { schema });
    const reply = replyWithFailure(submission, failure("certificates.errors.notCurrent"), { hideFields: ["email"] });
    expect(reply.error).toEqual({ "": ["certificates.errors.notCurrent"] });
    expect(reply.initialValue).toEqual({});
  });

  test("an empty field arrives as no value, and is answered with the schema's catalog key", () => {
    const submission = parseWithZod(form({ email: "" }), { schema });
    expect(submission.status).toBe("error");
    expect(firstError(submission.reply())).toBe("validation.email.invalid");
  });

  test("isFailure tells the shape from a success and from codes", () => {
    expect(isFailure(failure("portfolio.errors.frozen", { file: "合同.pdf" }))).toBe(true);
    expect(isFailure({ ok: true })).toBe(false);
    expect(isFailure({ ok: false, reason: "closed" } as { ok: boolean })).toBe(false);
  });

  test("typedValues leaves files out", () => {
    const data = form({ title: "许可" });
    data.append("file", new File(["x"], "a.pdf"));
    expect(typedValues(data)).toEqual({ title: "许可" });
  });
});

describe("the portfolio case form through parseWithZod", () => {
  test("every problem is reported on its field, the end-before-start rule included", () => {
    const submission = parseWithZod(
      form({
        title: "",
        contractType: "licence",
        amount: "125万",
        role: "技术经理人",
        startedOn: "2025-03-01",
        endedOn: "2025-01-01",
        description: "短",
      }),
      { schema: caseFormSchema("2026-12-06") },
    );
    expect(submission.status).toBe("error");
    const reply = submission.reply();
    expect(reply.error?.title).toEqual(["portfolio.errors.title"]);
    expect(reply.error?.description).toEqual(["portfolio.errors.descriptionShort"]);
    expect(reply.error?.endedOn).toEqual(["portfolio.errors.endBeforeStart"]);
  });
});
