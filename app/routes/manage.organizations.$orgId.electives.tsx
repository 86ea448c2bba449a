import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ElectivesView } from "~/components/electives-view";
import { useLocale } from "~/hooks/use-locale";
import { electiveSchema } from "~/modules/content";
import { createElective, listElectives, loadLevels } from "~/modules/content/index.server";
import { requirePermission } from "~/modules/orgs/index.server";
import { requireCenter } from "~/utils/center.server";
import { replyWithFailure } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "electives.title");

/** A center's electives: courses only its own trainees see (docs/authoring.md). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  requirePermission(user, "author:electives", { centerId: center.id, regionId: center.regionId });
  const [electives, levels] = await Promise.all([
    listElectives(database, user, { centerId: center.id, regionId: center.regionId }),
    loadLevels(database),
  ]);
  return { center, electives, levels: levels.map((l) => ({ slug: l.slug, nameZh: l.nameZh, nameEn: l.nameEn })) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  requirePermission(user, "author:electives", { centerId: center.id, regionId: center.regionId });
  const submission = parseWithZod(await request.formData(), { schema: electiveSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), created: null }, { status: 400 });
  const created = await createElective(
    database,
    user,
    { centerId: center.id, regionId: center.regionId },
    submission.value,
  );
  if (!created.ok) return data({ result: replyWithFailure(submission, created), created: null }, { status: 400 });
  return data({ result: submission.reply({ resetForm: true }), created: submission.value.titleZh });
}

export default function ElectivesPage() {
  const { center, electives, levels } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { en } = useLocale();
  return (
    <ElectivesView
      back={{ to: `/manage/organizations/${center.id}`, label: en ? center.nameEn : center.nameZh }}
      electives={electives}
      levels={levels}
      actionData={actionData}
    />
  );
}
