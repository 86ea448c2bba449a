import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";
import type { ReactNode } from "react";
import { useChangeLanguage } from "remix-i18next/react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { AppShell } from "./components/app-shell";
import { useNonce } from "./components/nonce";
import { defaultLanguage } from "./i18n/config";
import { useRootData } from "./hooks/use-root-data";
import { titleMeta } from "./utils/meta";
import { rootLoader } from "./utils/root-loader.server";
import stylesheet from "./tailwind.css?url";

// The default title; pages set their own. When an error reaches the root boundary this names it.
export const meta: MetaFunction = ({ matches, error }) => {
  if (!error) return titleMeta(matches, "home.title");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return titleMeta(
    matches,
    status === 404 ? "errors.notFound" : status === 403 ? "errors.forbidden" : "errors.unexpected",
  );
};

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  return rootLoader(request);
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const nonce = useNonce();
  const language = data?.language ?? defaultLanguage;
  return (
    <html lang={language} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRootData();
  useChangeLanguage(data?.language ?? defaultLanguage);
  return (
    <AppShell>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  return (
    <AppShell>
      <GeneralErrorBoundary />
    </AppShell>
  );
}
