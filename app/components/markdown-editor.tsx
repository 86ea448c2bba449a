import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";

type PreviewReply = { ok: true; html: string } | { ok: false; message: string };
type UploadReply = { ok: true; url: string } | { ok: false; message: string; values?: Record<string, string | number> };

/**
 * A Markdown field with a live preview rendered by the server's own pipeline (the one lessons are published
 * with, so unsafe HTML is already gone) and a picture upload that inserts the picture's address.
 */
export function MarkdownEditor({
  id,
  name,
  label,
  defaultValue = "",
  errors,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue?: string;
  errors?: string[];
}) {
  const { t } = useTranslation();
  const preview = useFetcher<PreviewReply>();
  const [markdown, setMarkdown] = useState(defaultValue);
  const [uploadMessage, setUploadMessage] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const submit = preview.submit;

  // Asks for a preview once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => submit({ markdown }, { method: "post", action: "/manage/content/preview" }), 400);
    return () => clearTimeout(timer);
  }, [markdown, submit]);

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    const body = new FormData();
    body.append("image", file);
    setUploadMessage(null);
    const response = await fetch("/manage/content/images", { method: "POST", body });
    const reply = (await response.json().catch(() => null)) as UploadReply | null;
    if (!reply?.ok) {
      setUploadMessage(
        t(reply?.message ?? "contentEditor.images.unreadable", reply && "values" in reply ? reply.values : undefined),
      );
      return;
    }
    const alt = file.name.replace(/\.[^.]+$/, "").replace(/[[\]]/g, "");
    setMarkdown((text) => `${text}${text.endsWith("\n") || !text ? "" : "\n"}\n![${alt}](${reply.url})\n`);
    setUploadMessage(t("contentEditor.images.inserted"));
    textarea.current?.focus();
  }

  const reply = preview.data;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div>
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          {label}
        </label>
        <textarea
          ref={textarea}
          id={id}
          name={name}
          value={markdown}
          onChange={(e) => setMarkdown(e.target.value)}
          rows={16}
          className="input mt-1 font-mono text-sm"
          aria-describedby={`${id}-hint`}
          aria-invalid={errors?.length ? true : undefined}
        />
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600">
          {t("contentEditor.markdownHint")}
        </p>
        <ErrorList errors={errors} />
        <div className="mt-2">
          <label htmlFor={`${id}-image`} className="block text-sm font-medium text-slate-800">
            {t("contentEditor.images.label")}
          </label>
          <input
            id={`${id}-image`}
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            onChange={upload}
            className="mt-1 text-sm"
          />
          <p role="status" className="mt-1 text-sm text-slate-700">
            {uploadMessage}
          </p>
        </div>
      </div>
      <section aria-labelledby={`${id}-preview-heading`} className="rounded-md border border-slate-200 p-3">
        <h3 id={`${id}-preview-heading`} className="text-sm font-semibold text-slate-700">
          {t("contentEditor.preview.title")}
        </h3>
        {reply && !reply.ok ? <p className="mt-2 text-sm text-red-700">{t(reply.message)}</p> : null}
        {/* Rendered and sanitized on the server by the publishing pipeline. */}
        <div
          data-testid="markdown-preview"
          className="lesson-body mt-2"
          lang="zh-CN"
          dangerouslySetInnerHTML={{ __html: reply?.ok ? reply.html : "" }}
        />
      </section>
    </div>
  );
}
