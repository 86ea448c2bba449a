import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** One boundary renders every failure: 404 and 403 as plain pages, anything else as a 500. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  let status = 500;
  if (isRouteErrorResponse(error)) status = error.status;
  else if (typeof window === "undefined" || import.meta.env.DEV) console.error(error);

  const heading =
    status === 404 ? t("errors.notFound") : status === 403 ? t("errors.forbidden") : t("errors.unexpected");
  const detail =
    status === 404
      ? t("errors.notFoundDetail")
      : status === 403
        ? t("errors.forbiddenDetail")
        : t("errors.unexpectedDetail");
  return (
    <section className="card mx-auto max-w-xl text-center" aria-labelledby="error-heading">
      <p className="text-sm font-semibold text-brand-700">{status}</p>
      <h1 id="error-heading" className="mt-2 text-2xl font-semibold">
        {heading}
      </h1>
      <p className="mt-3 text-slate-600">{detail}</p>
      <Link to="/" className="btn mt-6">
        {t("errors.backHome")}
      </Link>
    </section>
  );
}
