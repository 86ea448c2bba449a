import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ElectivesView } from "~/components/electives-view";
import { useLocale } from "~/hooks/use-locale";
import { electiveSchema } from "~/modules/content";
import { createElective, listElectives, loadLevels } from "~/modules/content/index.server";
import { requirePermission } from "~/modules/orgs/index.server";
import { replyWithFailure } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";
import { requireStatisticsRegion } from "~/utils/statistics-scope.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "electives.title");

/** The region's own URL and its admin: viewing the region is not enough, adding electives is asked for. */
async function requireRegionAuthor(request: Request, regionId: string | undefined) {
  const scope = await requireStatisticsRegion(request, regionId);
  requirePermission(scope.user, "author:electives", { regionId: scope.region.id });
  return scope;
}

/** A region's electives: courses the trainees of all its centers see, e.g. the province's own policies. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, region } = await requireRegionAuthor(request, params.regionId);
  const [electives, levels] = await Promise.all([
    listElectives(database, user, { regionId: region.id }),
    loadLevels(database),
  ]);
  return {
    region: { id: region.id, nameZh: region.nameZh, nameEn: region.nameEn },
    electives,
    levels: levels.map((l) => ({ slug: l.slug, nameZh: l.nameZh, nameEn: l.nameEn })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, region } = await requireRegionAuthor(request, params.regionId);
  const submission = parseWithZod(await request.formData(), { schema: electiveSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), created: null }, { status: 400 });
  const created = await createElective(database, user, { regionId: region.id }, submission.value);
  if (!created.ok) return data({ result: replyWithFailure(submission, created), created: null }, { status: 400 });
  return data({ result: submission.reply({ resetForm: true }), created: submission.value.titleZh });
}

export default function RegionElectivesPage() {
  const { region, electives, levels } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { en } = useLocale();
  return (
    <ElectivesView
      back={{ to: `/manage/regions/${region.id}`, label: en ? region.nameEn : region.nameZh }}
      electives={electives}
      levels={levels}
      actionData={actionData}
    />
  );
}
