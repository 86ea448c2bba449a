import rehypeAutolinkHeadings from "rehype-autolink-headings";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeSlug from "rehype-slug";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import type { Root as MdRoot } from "mdast";
import { type Failure, fieldFailure } from "~/utils/failure";

// Sanitize first (GitHub's rules: no scripts, styles, event handlers or raw HTML), then add our own
// heading ids and anchors, which are therefore trusted.
const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeSanitize, { ...defaultSchema, clobberPrefix: "" })
  .use(rehypeSlug)
  .use(rehypeAutolinkHeadings, {
    behavior: "append",
    properties: { className: ["heading-anchor"], ariaHidden: "true", tabIndex: -1 },
    content: { type: "text", value: "#" },
  })
  .use(rehypeStringify);

export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown));
}

/** The most an editor's preview renders at once (a long lesson is some 20,000 characters). */
export const MAX_PREVIEW_CHARACTERS = 200_000;

/**
 * What trainees will see of this Markdown: the very pipeline the sync and publishing use, so the editor's
 * live preview shows unsafe HTML already removed.
 */
export function previewMarkdown(markdown: string): { ok: true; html: string } | Failure {
  if (markdown.length > MAX_PREVIEW_CHARACTERS) return fieldFailure("markdown", "contentEditor.preview.tooLong", { max: MAX_PREVIEW_CHARACTERS });
  return { ok: true, html: renderMarkdown(markdown) };
}

/** Image addresses a Markdown text refers to, with their lines (for the content check). */
export function imageReferences(markdown: string): { url: string; line: number | undefined }[] {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as MdRoot;
  const found: { url: string; line: number | undefined }[] = [];
  visit(tree, "image", (node: { url: string; position?: { start: { line: number } } }) => {
    found.push({ url: node.url, line: node.position?.start.line });
  });
  return found;
}
