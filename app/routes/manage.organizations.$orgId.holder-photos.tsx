import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { HOLDER_PHOTO_RETURN_REASON_MAX, holderPhotoDecisionSchema } from "~/modules/certificates";
import { decideHolderPhoto, holderFieldsOf, holderPhotoQueue } from "~/modules/certificates/index.server";
import { requireCenter } from "~/utils/center.server";
import { publicUrl } from "~/utils/env.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "holderIdentity.queue.title");

/** The center's trainees' photos waiting for approval; its own staff (and platform admins) only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const [{ photos, total }, fields] = await Promise.all([
    holderPhotoQueue(database, user, center),
    holderFieldsOf(database),
  ]);
  return {
    center,
    photosOn: fields.photo,
    total,
    photos: photos.map((p) => ({
      id: p.id,
      name: p.name,
      submittedAt: p.submittedAt.toISOString(),
      image: `data:${p.imageType};base64,${Buffer.from(p.image).toString("base64")}`,
    })),
  };
}

type ActionResult = { photoId?: string; errors?: string[]; done?: "approved" | "returned"; name?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const form = await request.formData();
  const submission = parseWithZod(form, { schema: holderPhotoDecisionSchema });
  const photoId = typeof form.get("photoId") === "string" ? (form.get("photoId") as string) : undefined;
  if (submission.status !== "success") {
    const errors = Object.values(submission.reply().error ?? {}).flatMap((e) => e ?? []);
    return data<ActionResult>({ photoId, errors: errors.length ? errors : ["errors.invalid"] }, { status: 400 });
  }
  const value = submission.value;
  const outcome = await decideHolderPhoto(
    database,
    user,
    center,
    value.intent === "approve"
      ? { photoId: value.photoId, approve: true }
      : { photoId: value.photoId, approve: false, reason: value.reason },
    publicUrl(),
  );
  if (!outcome.ok) return data<ActionResult>({ photoId, errors: [outcome.message] }, { status: 409 });
  return data<ActionResult>({
    done: value.intent === "approve" ? "approved" : "returned",
    name: outcome.name,
  });
}

export default function HolderPhotosPage() {
  const { t } = useTranslation();
  const { language, en } = useLocale();
  const { center, photos, total, photosOn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <div className="space-y-6">
      <PageHeader title={t("holderIdentity.queue.title")}>
        <Link to={`/manage/organizations/${center.id}`} className="link text-sm">
          {en ? center.nameEn : center.nameZh}
        </Link>
      </PageHeader>
      <p className="text-slate-700">{t("holderIdentity.queue.intro")}</p>
      {photosOn ? null : <p className="text-slate-700">{t("holderIdentity.queue.off")}</p>}
      {actionData?.done ? (
        <FormMessage tone="success">
          {t(`holderIdentity.queue.${actionData.done}`, { name: actionData.name })}
        </FormMessage>
      ) : null}
      {actionData?.errors && !photos.some((p) => p.id === actionData.photoId) ? (
        <FormMessage>{actionData.errors.map((e) => t(e)).join(" ")}</FormMessage>
      ) : null}
      {total > photos.length ? (
        <p className="text-sm text-slate-600">
          {t("holderIdentity.queue.total", { count: total, shown: photos.length })}
        </p>
      ) : null}
      {photos.length ? (
        <ul className="grid gap-4 sm:grid-cols-2">
          {photos.map((photo) => {
            const errors = actionData?.photoId === photo.id ? actionData.errors : undefined;
            return (
              <li key={photo.id} className="card flex gap-4" aria-labelledby={`photo-${photo.id}-name`}>
                <img
                  src={photo.image}
                  alt={t("holderIdentity.photoAlt")}
                  className="h-40 w-[7.2rem] shrink-0 rounded border border-slate-200 object-cover"
                />
                <div className="min-w-0 flex-1 space-y-2">
                  <h2 id={`photo-${photo.id}-name`} className="font-semibold">
                    {photo.name}
                  </h2>
                  <p className="text-sm text-slate-600">
                    {t("holderIdentity.queue.submittedAt")}:{" "}
                    <span className="tabular-nums">{formatDateTime(photo.submittedAt, language)}</span>
                  </p>
                  <Form method="post">
                    <input type="hidden" name="intent" value="approve" />
                    <input type="hidden" name="photoId" value={photo.id} />
                    <button type="submit" className="btn-primary" disabled={busy}>
                      {t("holderIdentity.queue.approve")}
                    </button>
                  </Form>
                  <Form method="post" className="space-y-2">
                    <input type="hidden" name="intent" value="return" />
                    <input type="hidden" name="photoId" value={photo.id} />
                    <label htmlFor={`reason-${photo.id}`} className="block text-sm font-medium text-slate-800">
                      {t("holderIdentity.queue.reason")}
                    </label>
                    <input
                      id={`reason-${photo.id}`}
                      name="reason"
                      maxLength={HOLDER_PHOTO_RETURN_REASON_MAX}
                      aria-invalid={errors?.length ? true : undefined}
                      aria-describedby={errors?.length ? `reason-${photo.id}-error` : undefined}
                      className="input"
                    />
                    <ErrorList id={`reason-${photo.id}-error`} errors={errors} />
                    <button type="submit" className="btn-secondary" disabled={busy}>
                      {t("holderIdentity.queue.return")}
                    </button>
                  </Form>
                </div>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="text-slate-600">{t("holderIdentity.queue.empty")}</p>
      )}
    </div>
  );
}
