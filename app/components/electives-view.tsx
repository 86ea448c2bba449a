import { type FieldMetadata, getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { SubmissionResult } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { ErrorList, Field, FormMessage, LevelOptions, PageHeader } from "~/components/forms";
import { MarkdownEditor } from "~/components/markdown-editor";
import { useLocale } from "~/hooks/use-locale";
import { electiveSchema, SYLLABUS_MODULES } from "~/modules/content";

export interface ElectiveRow {
  slug: string;
  levelSlug: string;
  module: string;
  titleZh: string;
  titleEn: string;
  ofRegion: boolean;
  lessons: number;
}

/**
 * The electives page of a center or a region: the owner's electives and the form that adds one with its first
 * lesson (docs/authoring.md). The route decides whose they are and checks who asks.
 */
export function ElectivesView({
  back,
  electives,
  levels,
  actionData,
}: {
  back: { to: string; label: string };
  electives: ElectiveRow[];
  levels: { slug: string; nameZh: string; nameEn: string }[];
  actionData: { result: SubmissionResult<string[]> | undefined; created: string | null } | undefined;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const { en } = useLocale();
  const [form, fields] = useForm({
    id: "new-elective",
    lastResult: navigation.state === "idle" ? actionData?.result : null,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: electiveSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="space-y-6">
      <PageHeader title={t("electives.title")}>
        <Link to={back.to} className="link text-sm">
          {back.label}
        </Link>
      </PageHeader>
      <p className="text-slate-700">{t("electives.intro")}</p>
      {actionData?.created ? (
        <FormMessage tone="success">{t("electives.created", { title: actionData.created })}</FormMessage>
      ) : null}

      <section className="card overflow-x-auto" aria-labelledby="electives-heading">
        <h2 id="electives-heading" className="text-lg font-semibold">
          {t("electives.listTitle")}
        </h2>
        <DataTable
          rows={electives}
          rowKey={(e) => e.slug}
          className="mt-3"
          empty={<p className="mt-2 text-slate-600">{t("electives.none")}</p>}
          columns={[
            { header: t("electives.course"), cell: (e) => (en ? e.titleEn : e.titleZh) },
            {
              header: t("electives.level"),
              cell: (e) => levels.find((l) => l.slug === e.levelSlug)?.[en ? "nameEn" : "nameZh"] ?? e.levelSlug,
            },
            { header: t("electives.module"), cell: (e) => e.module },
            { header: t("electives.lessons"), cell: (e) => e.lessons, className: "tabular-nums" },
            {
              header: t("electives.owner"),
              cell: (e) => (e.ofRegion ? t("electives.ofRegion") : t("electives.ofCenter")),
            },
          ]}
        />
      </section>

      <section className="card" aria-labelledby="new-elective-heading">
        <h2 id="new-elective-heading" className="text-lg font-semibold">
          {t("electives.createTitle")}
        </h2>
        <Form method="post" {...getFormProps(form)} className="mt-3 space-y-4">
          <ErrorList id={form.errorId} errors={form.errors} />
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <label htmlFor={fields.levelSlug.id} className="block text-sm font-medium text-slate-800">
                {t("electives.level")}
              </label>
              <select
                id={fields.levelSlug.id}
                name={fields.levelSlug.name}
                defaultValue={levels[0]?.slug}
                className="input mt-1"
              >
                <LevelOptions levels={levels} />
              </select>
              <ErrorList id={fields.levelSlug.errorId} errors={fields.levelSlug.errors} />
            </div>
            <div>
              <label htmlFor={fields.module.id} className="block text-sm font-medium text-slate-800">
                {t("electives.module")}
              </label>
              <select
                id={fields.module.id}
                name={fields.module.name}
                defaultValue={SYLLABUS_MODULES[1]}
                className="input mt-1"
              >
                {SYLLABUS_MODULES.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
              <ErrorList id={fields.module.errorId} errors={fields.module.errors} />
            </div>
            <Field label={t("electives.titleZh")} field={fields.titleZh} />
            <Field label={t("electives.titleEn")} field={fields.titleEn} />
            <Field label={t("electives.summaryZh")} field={fields.summaryZh} />
            <Field label={t("electives.summaryEn")} field={fields.summaryEn} />
          </div>
          <div>
            <label htmlFor={fields.objectives.id} className="block text-sm font-medium text-slate-800">
              {t("electives.objectives")}
            </label>
            <textarea
              id={fields.objectives.id}
              name={fields.objectives.name}
              rows={3}
              className="input mt-1"
              aria-describedby={`${fields.objectives.id}-hint`}
            />
            <p id={`${fields.objectives.id}-hint`} className="mt-1 text-sm text-slate-600">
              {t("electives.objectivesHint")}
            </p>
            <ErrorList id={fields.objectives.errorId} errors={fields.objectives.errors} />
          </div>
          <h3 className="font-semibold">{t("electives.firstLesson")}</h3>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label={t("electives.lessonTitleZh")} field={fields.lessonTitleZh} />
            <Field label={t("electives.lessonTitleEn")} field={fields.lessonTitleEn} />
            <Field
              label={t("electives.minutes")}
              field={fields.minutes as unknown as FieldMetadata<string>}
              inputMode="numeric"
            />
          </div>
          <MarkdownEditor
            key={actionData?.created ?? "new"}
            id={fields.markdown.id}
            name={fields.markdown.name}
            label={t("electives.markdown")}
            errors={fields.markdown.errors}
          />
          <button type="submit" className="btn" disabled={navigation.state !== "idle"}>
            {t("electives.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}
