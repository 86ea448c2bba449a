import { parseWithZod } from "@conform-to/zod";
import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormMessage, PageHeader } from "~/components/forms";
import { checkQuestionSheet, commitQuestionSheet, type SheetPlan } from "~/modules/content/index.server";
import { requirePermission } from "~/modules/orgs/index.server";
import { MAX_TABLE_BYTES } from "~/modules/spreadsheets/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { invalid } from "~/utils/errors.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "authoring.import.title");

// The confirmation re-posts the checked file as base64; the file itself is held to MAX_TABLE_BYTES by readTable.
const MAX_PART_BYTES = Math.ceil(MAX_TABLE_BYTES / 3) * 4 + 4;
const fieldsSchema = z.object({
  intent: z.enum(["check", "commit", "commitSubmit"]),
  fileName: z.string().max(255).optional(),
  fileBase64: z.string().max(MAX_PART_BYTES).optional(),
});

type Answer =
  | { stage: "failed"; message: string; values?: Record<string, string | number> }
  | { stage: "checked"; plan: SheetPlan; fileName: string; fileBase64: string }
  | { stage: "done"; plan: SheetPlan };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "author:content");
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_PART_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return data<Answer>({ stage: "failed", message: "authoring.import.too_large" }, { status: 400 });
    throw invalid();
  }
  const fields = parseWithZod(form, { schema: fieldsSchema });
  if (fields.status !== "success") throw invalid();
  const database = await db();
  let fileName = fields.value.fileName ?? "";
  let bytes: Uint8Array;
  if (fields.value.intent === "check") {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0)
      return data<Answer>({ stage: "failed", message: "authoring.import.missingFile" }, { status: 400 });
    fileName = file.name;
    bytes = new Uint8Array(await file.arrayBuffer());
  } else bytes = new Uint8Array(Buffer.from(fields.value.fileBase64 ?? "", "base64"));

  const failed = (checked: Awaited<ReturnType<typeof checkQuestionSheet>>) =>
    !checked.ok
      ? data<Answer>(
          {
            stage: "failed",
            message: `authoring.import.${checked.error}`,
            values: { columns: (checked.columns ?? []).join("、") },
          },
          { status: 400 },
        )
      : null;
  if (fields.value.intent === "check") {
    const checked = await checkQuestionSheet(database, user, bytes, fileName);
    if (!checked.ok) return failed(checked)!;
    return data<Answer>({
      stage: "checked",
      plan: checked.plan,
      fileName,
      fileBase64: Buffer.from(bytes).toString("base64"),
    });
  }
  // The file comes back exactly as it was checked; it is checked again before anything is written.
  const committed = await commitQuestionSheet(database, user, bytes, fileName, {
    submit: fields.value.intent === "commitSubmit",
  });
  if (committed.ok) return data<Answer>({ stage: "done", plan: committed.plan });
  if ("stale" in committed)
    return data<Answer>(
      { stage: "failed", message: "authoring.import.stale", values: { line: committed.stale ?? 0 } },
      { status: 409 },
    );
  if (!committed.checked.ok) return failed(committed.checked)!;
  return data<Answer>(
    { stage: "checked", plan: committed.checked.plan, fileName, fileBase64: Buffer.from(bytes).toString("base64") },
    { status: 400 },
  );
}

export default function QuestionImportPage() {
  const { t } = useTranslation();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title={t("authoring.import.title")}>
        <Link to="/manage/content/questions" className="btn-secondary">
          {t("authoring.bank.title")}
        </Link>
      </PageHeader>
      <section className="card space-y-3 text-sm" aria-labelledby="import-format">
        <p id="import-format">{t("authoring.import.intro")}</p>
        <div className="flex flex-wrap gap-2">
          <a className="btn-secondary" href="/manage/content/questions/template.csv" download>
            {t("authoring.import.templateCsv")}
          </a>
          <a className="btn-secondary" href="/manage/content/questions/template.xlsx" download>
            {t("authoring.import.templateXlsx")}
          </a>
        </div>
      </section>
      {answer?.stage === "failed" ? <FormMessage>{t(answer.message, answer.values)}</FormMessage> : null}
      {answer?.stage === "done" ? (
        <FormMessage tone="success">
          {t("authoring.import.done", { create: answer.plan.create, update: answer.plan.update })}{" "}
          <Link to="/manage/content/changes?view=mine" className="underline">
            {t("authoring.bank.changes")}
          </Link>
        </FormMessage>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card space-y-3">
        <label htmlFor="question-file" className="block text-sm font-medium">
          {t("authoring.import.file")}
        </label>
        <input
          id="question-file"
          name="file"
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          className="block text-sm"
        />
        <button type="submit" name="intent" value="check" className="btn" disabled={busy}>
          {t("authoring.import.check")}
        </button>
      </Form>
      {answer?.stage === "checked" ? (
        <section className="card space-y-3" aria-labelledby="plan-heading">
          <h2 id="plan-heading" className="text-lg font-semibold">
            {answer.fileName}
          </h2>
          <p>
            {t("authoring.import.plan", {
              rows: answer.plan.rows,
              create: answer.plan.create,
              update: answer.plan.update,
              unchanged: answer.plan.unchanged,
            })}
          </p>
          {answer.plan.problems.length ? (
            <>
              <p className="font-medium text-red-800">
                {t("authoring.import.problems", { count: answer.plan.problems.length })}
              </p>
              <ul className="list-disc space-y-1 pl-5 text-sm">
                {answer.plan.problems.map((p, i) => (
                  <li key={i}>
                    {t("authoring.import.line", { line: p.line })}
                    {p.column ? ` · ${p.column}` : ""}：{t(p.message, p.values)}
                  </li>
                ))}
              </ul>
            </>
          ) : answer.plan.create + answer.plan.update > 0 ? (
            <Form method="post" encType="multipart/form-data" className="flex flex-wrap gap-3">
              <input type="hidden" name="fileName" value={answer.fileName} />
              <input type="hidden" name="fileBase64" value={answer.fileBase64} />
              <button type="submit" name="intent" value="commit" className="btn-secondary" disabled={busy}>
                {t("authoring.import.commit")}
              </button>
              <button type="submit" name="intent" value="commitSubmit" className="btn" disabled={busy}>
                {t("authoring.import.commitSubmit")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
