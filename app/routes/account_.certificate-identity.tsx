import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorList, FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { holderIdNumberSchema } from "~/modules/certificates";
import {
  holderIdentityOf,
  recordHolderIdNumber,
  removeHolderIdNumber,
  submitHolderPhoto,
} from "~/modules/certificates/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";
import { readHolderPhotoUpload } from "~/utils/holder-photo-upload.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "holderIdentity.title");

const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("photo") }),
  holderIdNumberSchema,
  z.object({ intent: z.literal("remove-id-number") }),
]);

const dataUrl = (image: { data: Uint8Array; type: string }) =>
  `data:${image.type};base64,${Buffer.from(image.data).toString("base64")}`;

/** Only while the certification body prints a photo or an ID number: otherwise nothing is asked. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const identity = await holderIdentityOf(await db(), user.id);
  if (!identity.fields.photo && !identity.fields.idNumber) throw notFound();
  return {
    fields: identity.fields,
    hasCenter: identity.hasCenter,
    approved: identity.approved
      ? { image: dataUrl(identity.approved.image), decidedAt: identity.approved.decidedAt?.toISOString() ?? null }
      : null,
    latest: identity.latest
      ? {
          status: identity.latest.status,
          image: dataUrl(identity.latest.image),
          returnReason: identity.latest.returnReason,
          submittedAt: identity.latest.submittedAt.toISOString(),
        }
      : null,
    idNumberMasked: identity.idNumberMasked,
  };
}

type ActionResult = {
  intent: "photo" | "id-number" | "remove-id-number";
  errors?: string[];
  done?: string;
  masked?: string;
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const database = await db();
  const upload = await readHolderPhotoUpload(request);
  if (!upload.ok) return data<ActionResult>({ intent: "photo", errors: [upload.message] }, { status: 400 });
  const submission = parseWithZod(upload.form, { schema: formSchema });
  if (submission.status !== "success") {
    const intent = upload.form.get("intent") === "id-number" ? "id-number" : "photo";
    const errors = Object.values(submission.reply().error ?? {}).flatMap((e) => e ?? []);
    return data<ActionResult>({ intent, errors: errors.length ? errors : ["errors.invalid"] }, { status: 400 });
  }
  const value = submission.value;
  if (value.intent === "photo") {
    if (!upload.photo)
      return data<ActionResult>({ intent: "photo", errors: ["holderIdentity.errors.photoMissing"] }, { status: 400 });
    const outcome = await submitHolderPhoto(database, user.id, upload.photo);
    if (!outcome.ok) return data<ActionResult>({ intent: "photo", errors: [outcome.message] }, { status: 400 });
    return data<ActionResult>({ intent: "photo", done: "holderIdentity.photoSubmitted" });
  }
  if (value.intent === "id-number") {
    const outcome = await recordHolderIdNumber(database, user.id, value.idNumber);
    if (!outcome.ok) return data<ActionResult>({ intent: "id-number", errors: [outcome.message] }, { status: 400 });
    return data<ActionResult>({ intent: "id-number", done: "holderIdentity.idSaved", masked: outcome.masked });
  }
  await removeHolderIdNumber(database, user.id);
  return data<ActionResult>({ intent: "remove-id-number", done: "holderIdentity.idRemoved" });
}

export default function CertificateIdentityPage() {
  const { t } = useTranslation();
  const { language } = useLocale();
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const result = (intent: ActionResult["intent"]) => (actionData?.intent === intent ? actionData : undefined);
  const photoErrors = result("photo")?.errors;
  const idErrors = result("id-number")?.errors;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title={t("holderIdentity.title")}>
        <Link to="/account" className="link text-sm">
          {t("account.title")}
        </Link>
      </PageHeader>
      <p className="text-slate-700">{t("holderIdentity.intro")}</p>

      {page.fields.photo ? (
        <section className="card space-y-4" aria-labelledby="photo-heading">
          <h2 id="photo-heading" className="text-lg font-semibold">
            {t("holderIdentity.photoHeading")}
          </h2>
          {result("photo")?.done ? <FormMessage tone="success">{t(result("photo")!.done!)}</FormMessage> : null}
          <div className="grid gap-6 sm:grid-cols-2">
            <div>
              <h3 className="text-sm font-medium text-slate-800">{t("holderIdentity.photoInUse")}</h3>
              {page.approved ? (
                <img
                  src={page.approved.image}
                  alt={t("holderIdentity.photoAlt")}
                  className="mt-2 h-40 w-[7.2rem] rounded border border-slate-200 object-cover"
                />
              ) : (
                <p className="mt-2 text-slate-600">{t("holderIdentity.photoNoneInUse")}</p>
              )}
            </div>
            {page.latest ? (
              <div>
                <h3 className="text-sm font-medium text-slate-800">{t("holderIdentity.photoLatest")}</h3>
                <img
                  src={page.latest.image}
                  alt={t("holderIdentity.photoAlt")}
                  className="mt-2 h-40 w-[7.2rem] rounded border border-slate-200 object-cover"
                />
                <p className="mt-2 text-sm" data-testid="photo-status">
                  {t(`holderIdentity.status.${page.latest.status}`)} ·{" "}
                  <span className="tabular-nums">{formatDateTime(page.latest.submittedAt, language)}</span>
                </p>
                {page.latest.returnReason ? (
                  <p className="text-sm text-red-800">
                    {t("holderIdentity.returnReason", { reason: page.latest.returnReason })}
                  </p>
                ) : null}
              </div>
            ) : null}
          </div>
          {page.hasCenter ? (
            <Form method="post" encType="multipart/form-data" className="space-y-3" noValidate>
              <input type="hidden" name="intent" value="photo" />
              <div>
                <label htmlFor="holder-photo" className="block text-sm font-medium text-slate-800">
                  {t("holderIdentity.photoField")}
                </label>
                <input
                  id="holder-photo"
                  name="photo"
                  type="file"
                  accept="image/jpeg,image/png"
                  aria-describedby={`holder-photo-hint${photoErrors?.length ? " holder-photo-error" : ""}`}
                  aria-invalid={photoErrors?.length ? true : undefined}
                  className="mt-1 block text-sm"
                />
                <p id="holder-photo-hint" className="mt-1 text-sm text-slate-600">
                  {t("holderIdentity.photoHint")}
                </p>
                <ErrorList id="holder-photo-error" errors={photoErrors} />
              </div>
              <button type="submit" className="btn-primary" disabled={busy}>
                {t("holderIdentity.photoSubmit")}
              </button>
            </Form>
          ) : (
            <p className="text-slate-700">{t("holderIdentity.noCenter")}</p>
          )}
        </section>
      ) : null}

      {page.fields.idNumber ? (
        <section className="card space-y-4" aria-labelledby="id-heading">
          <h2 id="id-heading" className="text-lg font-semibold">
            {t("holderIdentity.idHeading")}
          </h2>
          {result("id-number")?.done ? (
            <FormMessage tone="success">
              {t(result("id-number")!.done!, { masked: result("id-number")!.masked })}
            </FormMessage>
          ) : null}
          {result("remove-id-number")?.done ? (
            <FormMessage tone="success">{t(result("remove-id-number")!.done!)}</FormMessage>
          ) : null}
          <p data-testid="id-number-current">
            {page.idNumberMasked
              ? t("holderIdentity.idCurrent", { masked: page.idNumberMasked })
              : t("holderIdentity.idNone")}
          </p>
          <Form method="post" className="space-y-3" noValidate>
            <input type="hidden" name="intent" value="id-number" />
            <div>
              <label htmlFor="id-number" className="block text-sm font-medium text-slate-800">
                {t("holderIdentity.idField")}
              </label>
              <input
                id="id-number"
                name="idNumber"
                autoComplete="off"
                maxLength={40}
                aria-describedby={`id-number-hint${idErrors?.length ? " id-number-error" : ""}`}
                aria-invalid={idErrors?.length ? true : undefined}
                className="input mt-1 max-w-xs"
              />
              <p id="id-number-hint" className="mt-1 text-sm text-slate-600">
                {t("holderIdentity.idHint")}
              </p>
              <ErrorList id="id-number-error" errors={idErrors} />
            </div>
            <button type="submit" className="btn-primary" disabled={busy}>
              {t("holderIdentity.idSave")}
            </button>
          </Form>
          {page.idNumberMasked ? (
            <Form method="post">
              <input type="hidden" name="intent" value="remove-id-number" />
              <button type="submit" className="btn-secondary" disabled={busy}>
                {t("holderIdentity.idRemove")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
