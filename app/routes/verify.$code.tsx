import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, FormMessage } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, type Language } from "~/i18n/config";
import { namesMatch } from "~/modules/certificates";
import {
  findCertificate,
  parseVerificationQuery,
  type PublicCertificate,
  queryText,
  recordCheck,
  recordCheckInBackground,
  verificationLimits,
  verificationPageData,
} from "~/modules/verification/index.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";
import { firstError } from "~/utils/form-reply";
import { clientIp } from "~/utils/request.server";
import { VerificationQueryField } from "~/components/verification-query";

// A certificate page names a person: search engines should not index it.
export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "verification.resultTitle"),
  { name: "robots", content: "noindex" },
];

// The status can change at any moment (a revocation): never served from a cache. A limited look-up says
// when to come back.
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const retryAfter = loaderHeaders.get("Retry-After");
  return { "Cache-Control": "no-store", ...(retryAfter ? { "Retry-After": retryAfter } : {}) };
};

const nameCheckSchema = z.object({
  name: z
    .string({ required_error: "verification.nameCheck.required" })
    .trim()
    .min(1, "verification.nameCheck.required")
    .max(100, "verification.nameCheck.tooLong"),
});

/**
 * Anyone may look: a QR code on a printed certificate lands here, usually on a phone. Each look-up counts
 * against the address's budget shared with the JSON API, so serials (which are sequential) cannot be walked.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const raw = params.code ?? "";
  const query = parseVerificationQuery(raw);
  if (!query)
    return data({ found: false as const, query: raw.slice(0, 64), malformed: true, limited: null }, { status: 404 });
  // One address per certificate (the QR code's), whatever spelling was typed.
  if (raw !== queryText(query)) throw redirect(`/verify/${encodeURIComponent(queryText(query))}`);
  const gate = await (await verificationLimits()).apiAnonymous.take(clientIp(context));
  if (!gate.allowed)
    return data(
      { found: false as const, query: queryText(query), malformed: false, limited: gate.retryAfterSeconds },
      { status: 429, headers: { "Retry-After": String(gate.retryAfterSeconds) } },
    );
  const database = await db();
  const found = await findCertificate(database, query);
  recordCheckInBackground(database, { certificateId: found?.id ?? null, query: queryText(query), kind: "page" });
  if (!found)
    return data({ found: false as const, query: queryText(query), malformed: false, limited: null }, { status: 404 });
  return verificationPageData(found);
}

export type NameCheckResult =
  | { result: "match"; holderName: string }
  | { result: "mismatch" }
  | { result: "invalid"; error: string; reply: SubmissionResult<string[]> }
  | { result: "limited"; minutes: number };

/** The visitor types the full name; told only whether it is the holder's. Limited per address. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const query = parseVerificationQuery(params.code ?? "");
  if (!query) return data({ found: false }, { status: 404 });
  const submission = parseWithZod(await request.formData(), { schema: nameCheckSchema });
  if (submission.status !== "success") {
    const reply = submission.reply();
    return data<NameCheckResult>(
      { result: "invalid", error: firstError(reply) ?? "verification.nameCheck.required", reply },
      { status: 400 },
    );
  }
  const gate = await (await verificationLimits()).nameCheck.take(clientIp(context));
  if (!gate.allowed) {
    return data<NameCheckResult>(
      { result: "limited", minutes: Math.ceil(gate.retryAfterSeconds / 60) },
      { status: 429, headers: { "Retry-After": String(gate.retryAfterSeconds) } },
    );
  }
  const database = await db();
  const found = await findCertificate(database, query);
  if (!found) return data({ found: false }, { status: 404 });
  const matched = namesMatch(submission.value.name, found.holderName);
  await recordCheck(database, { certificateId: found.id, query: queryText(query), kind: "page", nameMatched: matched });
  return data<NameCheckResult>(matched ? { result: "match", holderName: found.holderName } : { result: "mismatch" });
}

const STATUS_STYLE: Record<PublicCertificate["status"], { box: string; mark: string }> = {
  valid: { box: "border-green-600 bg-green-50 text-green-900", mark: "✓" },
  expired: { box: "border-amber-600 bg-amber-50 text-amber-900", mark: "!" },
  revoked: { box: "border-red-600 bg-red-50 text-red-900", mark: "✕" },
  superseded: { box: "border-slate-500 bg-slate-100 text-slate-900", mark: "↻" },
  invalid: { box: "border-red-700 bg-red-50 text-red-900", mark: "✕" },
};

function StatusBanner({ certificate, language }: { certificate: PublicCertificate; language: Language }) {
  const { t } = useTranslation();
  const style = STATUS_STYLE[certificate.status];
  const date =
    certificate.status === "revoked"
      ? certificate.revoked!.at
      : certificate.status === "superseded"
        ? certificate.superseded!.at
        : certificate.expiresOn;
  return (
    <section aria-labelledby="status-word" className={`rounded-lg border-2 p-4 sm:p-6 ${style.box}`}>
      <p className="text-sm font-medium">{t("verification.resultTitle")}</p>
      <h1 id="status-word" className="mt-1 flex items-center gap-3 text-4xl font-bold">
        <span
          aria-hidden="true"
          className="inline-flex h-10 w-10 items-center justify-center rounded-full border-2 border-current text-2xl"
        >
          {style.mark}
        </span>
        {t(`verification.status.${certificate.status}`)}
      </h1>
      <p className="mt-3 text-base">
        {t(`verification.statusDetail.${certificate.status}`, { date: date ? formatDate(date, language) : "" })}
      </p>
      {certificate.revoked?.reason ? (
        <p className="mt-1">{t("verification.revokedReason", { reason: certificate.revoked.reason })}</p>
      ) : null}
      {certificate.status === "superseded" && certificate.superseded ? (
        <div className="mt-1 space-y-1">
          {certificate.superseded.reason ? (
            <p>{t(`verification.supersedeReason.${certificate.superseded.reason}`)}</p>
          ) : null}
          {certificate.superseded.byCode ? (
            <p>
              {t("verification.supersededBy")}
              <span className="font-mono">{certificate.superseded.byCode}</span>{" "}
              <Link className="link" to={`/verify/${certificate.superseded.byCode.replace("-", "")}`}>
                {t("verification.viewSuccessor")}
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function Facts({
  certificate,
  holderName,
  language,
}: {
  certificate: PublicCertificate;
  holderName: string | null;
  language: Language;
}) {
  const { t } = useTranslation();
  const en = language === "en";
  const rows: [string, string, string?][] = [
    [t("verification.fields.holder"), holderName ?? certificate.holderNameMasked],
    [t("verification.fields.level"), en ? certificate.levelNameEn : certificate.levelNameZh],
    [t("verification.fields.serial"), certificate.serial, "font-mono"],
    certificate.code
      ? [t("verification.fields.code"), certificate.code, "font-mono"]
      : [t("verification.fields.code"), t("verification.bySerial.codeHidden"), "text-slate-600"],
    [t("verification.fields.center"), en ? certificate.centerNameEn : certificate.centerNameZh],
    [t("verification.fields.region"), en ? certificate.regionNameEn : certificate.regionNameZh],
    [t("verification.fields.issuedOn"), formatDate(certificate.issuedOn, language)],
    [
      t("verification.fields.expiresOn"),
      certificate.expiresOn ? formatDate(certificate.expiresOn, language) : t("verification.noExpiry"),
    ],
  ];
  return (
    <section className="card" aria-label={t("verification.resultTitle")}>
      <dl className="divide-y divide-slate-100">
        {rows.map(([label, value, className]) => (
          <div key={label} className="grid grid-cols-3 gap-2 py-2">
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className={`col-span-2 break-words text-base text-slate-900 ${className ?? ""}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {holderName ? null : <p className="mt-2 text-sm text-slate-600">{t("verification.maskedNote")}</p>}
    </section>
  );
}

function NameCheck({ result }: { result: NameCheckResult | undefined }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof nameCheckSchema>>({
    id: "name-check-form",
    lastResult: result?.result === "invalid" ? result.reply : undefined,
  });
  // A later answer (match, mismatch) clears the error the last reply left.
  const nameErrors = result?.result === "invalid" ? fields.name.errors : undefined;
  return (
    <section className="card" aria-labelledby="name-check">
      <h2 id="name-check" className="text-lg font-semibold">
        {t("verification.nameCheck.title")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("verification.nameCheck.hint")}</p>
      {/* No getFormProps: the browser's own `required` check stays, as before. */}
      <Form method="post" id={form.id} className="mt-3 space-y-3">
        <div>
          <label htmlFor={fields.name.id} className="block text-sm font-medium text-slate-800">
            {t("verification.nameCheck.label")}
          </label>
          <input
            id={fields.name.id}
            name={fields.name.name}
            required
            maxLength={100}
            autoComplete="off"
            aria-invalid={nameErrors ? true : undefined}
            aria-describedby={nameErrors ? fields.name.errorId : undefined}
            className="input mt-1"
          />
          <ErrorList id={fields.name.errorId} errors={nameErrors} />
        </div>
        <button type="submit" className="btn w-full sm:w-auto" disabled={navigation.state === "submitting"}>
          {t("verification.nameCheck.submit")}
        </button>
      </Form>
      <div className="mt-3" aria-live="polite">
        {result?.result === "match" ? (
          <FormMessage tone="success">
            <strong className="text-lg">{t("verification.nameCheck.match")}</strong> ·{" "}
            {t("verification.nameCheck.matchDetail", { name: result.holderName })}
          </FormMessage>
        ) : result?.result === "mismatch" ? (
          <FormMessage>
            <strong className="text-lg">{t("verification.nameCheck.mismatch")}</strong> ·{" "}
            {t("verification.nameCheck.mismatchDetail")}
          </FormMessage>
        ) : result?.result === "limited" ? (
          <FormMessage>{t("verification.nameCheck.limited", { minutes: result.minutes })}</FormMessage>
        ) : null}
      </div>
    </section>
  );
}

function SignatureNote({ signature }: { signature: PublicCertificate["signature"] }) {
  const { t } = useTranslation();
  return (
    <section className="space-y-1 text-sm text-slate-700" aria-label={t("verification.signature.jwks")}>
      <p className={signature.verified ? "" : "font-semibold text-red-800"}>
        {signature.verified ? t("verification.signature.valid") : t("verification.signature.invalid")}
      </p>
      <p className="break-words">
        {t("verification.signature.offline", { kid: signature.kid })}{" "}
        <a className="link underline" href="/.well-known/jwks.json">
          {t("verification.signature.jwks")}
        </a>
        {" · "}
        <a className="link underline" href="/api-docs#signature">
          {t("verification.signature.docs")}
        </a>
      </p>
    </section>
  );
}

/** Looked up by serial: the code is not shown, and the visitor is asked for it (a form to /verify). */
function AskForCode() {
  const { t } = useTranslation();
  return (
    <section className="card space-y-3" aria-labelledby="ask-for-code">
      <h2 id="ask-for-code" className="text-lg font-semibold">
        {t("verification.fields.code")}
      </h2>
      <p className="text-sm text-slate-700">{t("verification.bySerial.note")}</p>
      <Form method="get" action="/verify" className="space-y-3">
        <VerificationQueryField defaultValue="" />
        <button type="submit" className="btn w-full sm:w-auto">
          {t("verification.submit")}
        </button>
      </Form>
    </section>
  );
}

/** Over the address's budget: said plainly, with the wait (the same seconds as the Retry-After header). */
function Limited({ seconds }: { seconds: number }) {
  const { t } = useTranslation();
  return (
    <section className="card space-y-3" aria-labelledby="limited">
      <p className="text-sm font-semibold text-red-700">429</p>
      <h1 id="limited" className="text-2xl font-semibold">
        {t("verification.limited.title")}
      </h1>
      <p className="text-slate-700">{t("verification.limited.detail", { seconds })}</p>
    </section>
  );
}

function NotFound({ query, malformed }: { query: string; malformed: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="card space-y-3" aria-labelledby="not-found">
      <p className="text-sm font-semibold text-red-700">404</p>
      <h1 id="not-found" className="text-2xl font-semibold">
        {t("verification.notFound.title")}
      </h1>
      <p className="text-slate-700">
        {t(malformed ? "verification.notFound.malformedDetail" : "verification.notFound.detail", { query })}
      </p>
      <p className="text-sm text-slate-600">{t("verification.notFound.tip")}</p>
      <Form method="get" action="/verify" className="space-y-3">
        <VerificationQueryField defaultValue={query} />
        <button type="submit" className="btn w-full sm:w-auto">
          {t("verification.submit")}
        </button>
      </Form>
    </section>
  );
}

export default function VerifyCertificatePage() {
  const { t } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as NameCheckResult | undefined;
  const { language } = useLocale();
  if (!loaded.found && loaded.limited !== null) {
    return (
      <div className="mx-auto max-w-xl">
        <Limited seconds={loaded.limited} />
      </div>
    );
  }
  if (!loaded.found) {
    return (
      <div className="mx-auto max-w-xl">
        <NotFound query={loaded.query} malformed={loaded.malformed} />
      </div>
    );
  }
  const { certificate } = loaded;
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <StatusBanner certificate={certificate} language={language} />
      <Facts
        certificate={certificate}
        holderName={result?.result === "match" ? result.holderName : null}
        language={language}
      />
      <NameCheck result={result} />
      {certificate.code ? null : <AskForCode />}
      <SignatureNote signature={certificate.signature} />
      <p>
        <Link to="/verify" className="link">
          {t("verification.checkAnother")}
        </Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
