import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { BRAND_SLOTS, type BrandSlot } from "~/modules/certificates";
import { brandingOf, publishBranding, saveBrandingDraft } from "~/modules/certificates/index.server";
import { readBrandingUpload, requireBrandingOrganization } from "~/utils/branding-upload.server";
import { replyWithFailure } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "branding.title");

const brandingFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    signatoryName: z.string().max(200).optional(),
    remove: z
      .array(z.enum(BRAND_SLOTS))
      .or(z.enum(BRAND_SLOTS).transform((slot) => [slot]))
      .default([]),
    // The certification body's switches (its page only): a checkbox sends "on" when ticked.
    holderPhoto: z.boolean().optional(),
    holderIdNumber: z.boolean().optional(),
  }),
  z.object({ intent: z.literal("publish") }),
]);

type Images = Record<BrandSlot, string | null>;
/** Images as data: URLs for the preview (the page's CSP allows data: images; nothing is fetched from elsewhere). */
function dataUrls(branding: Partial<Record<BrandSlot, { data: Uint8Array; type: string } | null>>): Images {
  const url = (image: { data: Uint8Array; type: string } | null | undefined) =>
    image ? `data:${image.type};base64,${Buffer.from(image.data).toString("base64")}` : null;
  return { logo: url(branding.logo), seal: url(branding.seal), signature: url(branding.signature) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { database, organization } = await requireBrandingOrganization(request, params.orgId);
  const { draft, published } = await brandingOf(database, organization.id);
  const view = (b: typeof draft) =>
    b
      ? {
          images: dataUrls(b),
          signatoryName: b.signatoryName ?? null,
          holderFields: b.holderFields ?? { photo: false, idNumber: false },
          updatedAt: b.updatedAt.toISOString(),
        }
      : null;
  return { organization, draft: view(draft), published: view(published) };
}

type ActionResult = { result?: SubmissionResult<string[]>; done?: "saved" | "published" };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, organization } = await requireBrandingOrganization(request, params.orgId);
  const upload = await readBrandingUpload(request);
  if (!upload.ok) {
    // The form could not be read (or a file was too large): reply as to a "save" so the refusal shows by its field.
    const form = new FormData();
    form.set("intent", "save");
    const submission = parseWithZod(form, { schema: brandingFormSchema });
    return data<ActionResult>({ result: replyWithFailure(submission, upload) }, { status: 400 });
  }
  const submission = parseWithZod(upload.form, { schema: brandingFormSchema });
  if (submission.status !== "success") return data<ActionResult>({ result: submission.reply() }, { status: 400 });
  const value = submission.value;
  if (value.intent === "publish") {
    const outcome = await publishBranding(database, user.id, organization.id);
    if (!outcome.ok) return data<ActionResult>({ result: replyWithFailure(submission, outcome) }, { status: 400 });
    return data<ActionResult>({ done: "published" });
  }
  const outcome = await saveBrandingDraft(database, user.id, organization.id, {
    images: upload.images,
    remove: value.remove,
    signatoryName: value.signatoryName ?? null,
    // Only the body's certificates-wide switches; a center's form has no such boxes.
    holderFields:
      organization.kind === "certification_body"
        ? { photo: value.holderPhoto ?? false, idNumber: value.holderIdNumber ?? false }
        : undefined,
  });
  if (!outcome.ok) return data<ActionResult>({ result: replyWithFailure(submission, outcome) }, { status: 400 });
  return data<ActionResult>({ done: "saved" });
}

type View = {
  images: Images;
  signatoryName: string | null;
  holderFields: { photo: boolean; idNumber: boolean };
  updatedAt: string;
};

function BrandingView({
  heading,
  view,
  headingId,
  isBody,
}: {
  heading: string;
  headingId: string;
  view: View | null;
  isBody: boolean;
}) {
  const { t } = useTranslation();
  const { language } = useLocale();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="text-lg font-semibold">
        {heading}
      </h2>
      {view ? (
        <>
          <p className="text-sm text-slate-600 tabular-nums">{formatDateTime(view.updatedAt, language)}</p>
          <dl className="mt-3 grid gap-4 sm:grid-cols-4">
            {BRAND_SLOTS.map((slot) => (
              <div key={slot}>
                <dt className="text-sm font-medium text-slate-800">{t(`branding.slots.${slot}`)}</dt>
                <dd className="mt-1">
                  {view.images[slot] ? (
                    <img
                      src={view.images[slot]!}
                      alt={t("branding.imageAlt", { slot: t(`branding.slots.${slot}`) })}
                      className="h-24 w-24 rounded border border-slate-200 bg-white object-contain p-1"
                    />
                  ) : (
                    <span className="text-slate-600">{t("branding.noneYet")}</span>
                  )}
                </dd>
              </div>
            ))}
            {isBody ? (
              <>
                <div>
                  <dt className="text-sm font-medium text-slate-800">{t("holderIdentity.switches.photo")}</dt>
                  <dd className="mt-1">
                    {t(view.holderFields.photo ? "holderIdentity.switches.on" : "holderIdentity.switches.off")}
                  </dd>
                </div>
                <div>
                  <dt className="text-sm font-medium text-slate-800">{t("holderIdentity.switches.idNumber")}</dt>
                  <dd className="mt-1">
                    {t(view.holderFields.idNumber ? "holderIdentity.switches.on" : "holderIdentity.switches.off")}
                  </dd>
                </div>
              </>
            ) : (
              <div>
                <dt className="text-sm font-medium text-slate-800">{t("branding.signatoryName")}</dt>
                <dd className="mt-1">
                  {view.signatoryName ?? <span className="text-slate-600">{t("branding.noneYet")}</span>}
                </dd>
              </div>
            )}
          </dl>
        </>
      ) : (
        <p className="mt-2 text-slate-600">{t("branding.noneYet")}</p>
      )}
    </section>
  );
}

export default function CertificateBrandingPage() {
  const { t } = useTranslation();
  const { organization, draft, published } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof brandingFormSchema>>({
    id: "branding",
    lastResult: actionData?.result,
  });
  const { en } = useLocale();
  const isBody = organization.kind === "certification_body";
  // The certification body sets only its seal; a center sets everything.
  const slots: readonly BrandSlot[] = isBody ? ["seal"] : BRAND_SLOTS;
  // The messages are catalog keys (their limits are written into them).
  const fieldErrors = (name: string) => actionData?.result?.error?.[name]?.map((key) => t(key));
  const base = `/manage/organizations/${organization.id}/certificate-branding`;
  return (
    <div className="space-y-6">
      <PageHeader title={t("branding.title")}>
        <Link to={`/manage/organizations/${organization.id}`} className="link text-sm">
          {en ? organization.nameEn : organization.nameZh}
        </Link>
      </PageHeader>
      <p className="text-slate-700">{isBody ? t("branding.bodyIntro") : t("branding.intro")}</p>

      {actionData?.done ? (
        <FormMessage tone="success">
          {t(actionData.done === "saved" ? "branding.saved" : "branding.published")}
        </FormMessage>
      ) : null}
      {fieldErrors("intent")?.length ? <FormMessage>{fieldErrors("intent")!.join(" ")}</FormMessage> : null}

      <section className="card" aria-labelledby="upload-heading">
        <h2 id="upload-heading" className="text-lg font-semibold">
          {t("branding.save")}
        </h2>
        <Form method="post" encType="multipart/form-data" id={form.id} className="mt-3 space-y-4" noValidate>
          <input type="hidden" name="intent" value="save" />
          {slots.map((slot) => (
            <div key={slot}>
              <label htmlFor={`branding-${slot}`} className="block text-sm font-medium text-slate-800">
                {t(`branding.slots.${slot}`)}
              </label>
              <input
                id={`branding-${slot}`}
                name={slot}
                type="file"
                accept={slot === "logo" ? "image/png,image/jpeg" : "image/png"}
                aria-describedby={`branding-${slot}-hint${fieldErrors(slot)?.length ? ` branding-${slot}-error` : ""}`}
                aria-invalid={fieldErrors(slot)?.length ? true : undefined}
                className="mt-1 block text-sm"
              />
              <p id={`branding-${slot}-hint`} className="mt-1 text-sm text-slate-600">
                {t(`branding.hints.${slot}`)}
              </p>
              <ErrorList id={`branding-${slot}-error`} errors={fieldErrors(slot)} />
              {draft?.images[slot] ? (
                <label className="mt-1 inline-flex items-center gap-2 text-sm">
                  <input type="checkbox" name="remove" value={slot} />
                  {t("branding.remove")}
                </label>
              ) : null}
            </div>
          ))}
          {isBody ? (
            <fieldset>
              <legend className="text-sm font-medium text-slate-800">{t("holderIdentity.switches.heading")}</legend>
              <p className="mt-1 text-sm text-slate-600">{t("holderIdentity.switches.intro")}</p>
              {(["holderPhoto", "holderIdNumber"] as const).map((name) => (
                <label key={name} className="mt-2 flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    name={name}
                    defaultChecked={(draft ?? published)?.holderFields[name === "holderPhoto" ? "photo" : "idNumber"]}
                  />
                  {t(name === "holderPhoto" ? "holderIdentity.switches.photo" : "holderIdentity.switches.idNumber")}
                </label>
              ))}
            </fieldset>
          ) : (
            <div>
              <label htmlFor={fields.signatoryName.id} className="block text-sm font-medium text-slate-800">
                {t("branding.signatoryName")}
              </label>
              <input
                id={fields.signatoryName.id}
                name={fields.signatoryName.name}
                defaultValue={draft?.signatoryName ?? published?.signatoryName ?? ""}
                maxLength={40}
                aria-invalid={fieldErrors("signatoryName")?.length ? true : undefined}
                aria-describedby={fieldErrors("signatoryName")?.length ? fields.signatoryName.errorId : undefined}
                className="input mt-1 max-w-xs"
              />
              <ErrorList id={fields.signatoryName.errorId} errors={fieldErrors("signatoryName")} />
            </div>
          )}
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            {t("branding.save")}
          </button>
        </Form>
      </section>

      <BrandingView heading={t("branding.draftHeading")} headingId="draft-heading" view={draft} isBody={isBody} />
      {draft ? (
        <div className="flex flex-wrap items-center gap-3">
          <a href={`${base}.pdf?state=draft`} className="btn-secondary" download>
            {t("branding.preview")}
          </a>
          <Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
              {t("branding.publish")}
            </button>
          </Form>
        </div>
      ) : null}

      <BrandingView
        heading={t("branding.publishedHeading")}
        headingId="published-heading"
        view={published}
        isBody={isBody}
      />
      {published ? (
        <p>
          <a href={`${base}.pdf?state=published`} className="btn-secondary" download>
            {t("branding.previewPublished")}
          </a>
        </p>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
