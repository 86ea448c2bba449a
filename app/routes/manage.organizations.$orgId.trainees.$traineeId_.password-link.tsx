import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormMessage, PageHeader } from "~/components/forms";
import { PasswordLinkShown } from "~/components/password-link";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { qrPngDataUrl } from "~/modules/certificates/index.server";
import { createPasswordLink, passwordLinkSubject, type PasswordLinkRefusal } from "~/modules/enrolment/index.server";
import { requireCenter } from "~/utils/center.server";
import { notFound } from "~/utils/errors.server";
import { titleMeta } from "~/utils/meta";
import { appUrl } from "~/utils/request.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "enrolment.passwordLink.title");

// The page has one form and it carries no fields: the trainee is in the URL.

async function linkRoute(request: Request, params: { orgId?: string; traineeId?: string }) {
  const scope = await requireCenter(request, params.orgId);
  const traineeId = z.string().uuid().safeParse(params.traineeId);
  if (!traineeId.success) throw notFound();
  return { ...scope, traineeId: traineeId.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center, traineeId } = await linkRoute(request, params);
  const subject = await passwordLinkSubject(database, user, center, traineeId);
  return {
    center: { id: center.id },
    subject: { ...subject, openLinkUntil: subject.openLinkUntil?.toISOString() ?? null },
  };
}

type ActionResult =
  | { link: { url: string; qr: string; expiresAt: string }; refusal: null }
  | { link: null; refusal: PasswordLinkRefusal };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center, traineeId } = await linkRoute(request, params);
  const made = await createPasswordLink(database, user, center, traineeId, { appUrl: appUrl(request) });
  if (!made.ok) return data<ActionResult>({ link: null, refusal: made.refusal }, { status: 409 });
  // The link is a credential until used: shown in this one response, kept by no cache.
  const link = { url: made.url, qr: await qrPngDataUrl(made.url, 240), expiresAt: made.expiresAt.toISOString() };
  return data<ActionResult>({ link, refusal: null }, { headers: { "Cache-Control": "no-store" } });
}

export default function PasswordLinkPage() {
  const { t } = useTranslation();
  const { center, subject } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const { language } = useLocale();
  const refusal = result?.refusal ?? subject.refusal;
  return (
    <div className="space-y-6">
      <PageHeader title={`${subject.name} · ${t("enrolment.passwordLink.title")}`}>
        <Link to={`/manage/organizations/${center.id}/trainees/${subject.id}`} className="link text-sm">
          {t("enrolment.passwordLink.back")}
        </Link>
      </PageHeader>
      <dl className="card grid max-w-xl grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">{t("enrolment.passwordLink.contact")}</dt>
        <dd>{[subject.phone, subject.email].filter(Boolean).join(" · ")}</dd>
        <dt className="font-medium">{t("enrolment.passwordLink.state")}</dt>
        <dd>
          {subject.hasPassword ? t("enrolment.passwordLink.hasPassword") : t("enrolment.passwordLink.noPassword")}
        </dd>
      </dl>

      {result?.link ? <PasswordLinkShown name={subject.name} link={result.link} /> : null}

      {refusal ? (
        <div className="max-w-xl">
          <FormMessage>{t(`enrolment.passwordLink.refusals.${refusal}`)}</FormMessage>
        </div>
      ) : (
        <section className="card max-w-xl space-y-3" aria-label={t("enrolment.passwordLink.create")}>
          <p className="text-sm">{t("enrolment.passwordLink.intro")}</p>
          {subject.hasPassword ? (
            <p className="text-sm text-slate-700">{t("enrolment.passwordLink.introReset")}</p>
          ) : null}
          {subject.openLinkUntil && !result?.link ? (
            <p className="text-sm text-slate-700">
              {t("enrolment.passwordLink.openLink", { until: formatDateTime(subject.openLinkUntil, language) })}
            </p>
          ) : null}
          <Form method="post">
            <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
              {navigation.state === "submitting"
                ? t("enrolment.passwordLink.creating")
                : result?.link
                  ? t("enrolment.passwordLink.createAgain")
                  : t("enrolment.passwordLink.create")}
            </button>
          </Form>
        </section>
      )}
    </div>
  );
}
