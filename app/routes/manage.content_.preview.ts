import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { previewMarkdown, requireLessonWriter } from "~/modules/content/index.server";
import { requireUser } from "~/utils/auth.server";

const previewSchema = z.object({ markdown: z.string().default("") });

/**
 * The live preview of a lesson editor: Markdown in, the HTML trainees will see out, rendered and sanitized
 * by the same pipeline as the sync and publishing.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requireLessonWriter(user);
  const submission = parseWithZod(await request.formData(), { schema: previewSchema });
  if (submission.status !== "success")
    return data({ ok: false as const, message: "contentEditor.preview.unreadable" }, { status: 400 });
  const preview = previewMarkdown(submission.value.markdown);
  if (!preview.ok) return data({ ok: false as const, message: preview.message }, { status: 400 });
  return data({ ok: true as const, html: preview.html }, { headers: { "Cache-Control": "no-store" } });
}
