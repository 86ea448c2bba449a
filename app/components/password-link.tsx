import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";

/** On a trainee's page: the way to the set-password link, for accounts no e-mail reaches. */
export function PasswordLinkOffer({ to }: { to: string }) {
  const { t } = useTranslation();
  return (
    <section className="card max-w-xl" aria-labelledby="password-link-heading">
      <h2 id="password-link-heading" className="text-lg font-semibold">
        {t("enrolment.passwordLink.title")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("enrolment.passwordLink.offerHint")}</p>
      <Link to={to} className="btn-secondary mt-4 inline-block">
        {t("enrolment.passwordLink.open")}
      </Link>
    </section>
  );
}

/** The link just made, shown once: a QR code to scan, the link to copy, until when it works. */
export function PasswordLinkShown({
  name,
  link,
}: {
  name: string;
  link: { url: string; qr: string; expiresAt: string };
}) {
  const { t } = useTranslation();
  const { language } = useLocale();
  return (
    <section className="card max-w-xl space-y-3" aria-labelledby="link-made-heading">
      <h2 id="link-made-heading" className="text-lg font-semibold">
        {t("enrolment.passwordLink.done.heading")}
      </h2>
      <img
        src={link.qr}
        alt={t("enrolment.passwordLink.done.qrAlt", { name })}
        width={240}
        height={240}
        className="rounded border border-slate-200"
      />
      <div>
        <label htmlFor="password-link-url" className="block text-sm font-medium">
          {t("enrolment.passwordLink.done.link")}
        </label>
        <input
          id="password-link-url"
          readOnly
          value={link.url}
          className="input mt-1 font-mono text-sm"
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <p className="text-sm">
        {t("enrolment.passwordLink.done.validUntil", { until: formatDateTime(link.expiresAt, language) })}
      </p>
      <p className="text-sm text-amber-800">{t("enrolment.passwordLink.done.once")}</p>
      <button type="button" className="btn-secondary" onClick={() => window.print()}>
        {t("enrolment.passwordLink.done.print")}
      </button>
    </section>
  );
}
