import { data, type ActionFunctionArgs } from "@remix-run/node";
import { requireLessonWriter, storeLessonImage } from "~/modules/content/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { readLessonImageUpload } from "~/utils/lesson-image-upload.server";

/** Uploads a lesson picture; answers with the address to put in the Markdown. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requireLessonWriter(user);
  const upload = await readLessonImageUpload(request);
  if (!upload.ok) return data(upload, { status: 400 });
  const stored = await storeLessonImage(await db(), user.id, upload.bytes);
  if (!stored.ok) return data(stored, { status: 400 });
  return data({ ok: true as const, url: stored.url });
}
