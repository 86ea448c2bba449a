import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { PageHeader } from "~/components/forms";
import { useRootData } from "~/hooks/use-root-data";
import { openApiDocument } from "~/modules/verification/index.server";
import { apiServerBase } from "~/utils/api-base.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "apiDocs.title");

// The parts of an OpenAPI 3.1 document this page shows; the page is rendered on the server from the very
// document /api/v1/openapi.json serves, so nothing is fetched from elsewhere and no script is needed.
interface Schema {
  type?: string | string[];
  enum?: readonly unknown[];
  const?: unknown;
  format?: string;
  description?: string;
  examples?: readonly unknown[];
  required?: readonly string[];
  properties?: Record<string, Schema>;
  oneOf?: readonly Schema[];
  allOf?: readonly Schema[];
  $ref?: string;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}
interface Response {
  description: string;
  headers?: Record<string, { description?: string }>;
  content?: Record<string, { schema?: Schema }>;
}
interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  parameters?: readonly Parameter[];
  responses: Record<string, Response>;
}
interface ApiDocument {
  info: { title: string; version: string; description?: string };
  servers: readonly { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** Public: anyone integrating may read it, as anyone may call the API. */
export function loader() {
  return { document: openApiDocument(apiServerBase()) as unknown as ApiDocument };
}

const refName = (ref: string) => ref.split("/").pop() ?? ref;

/** "string", "string | null", "enum: a, b", "→ Certificate" … one line a reader can scan. */
function typeOf(schema: Schema | undefined): string {
  if (!schema) return "";
  if (schema.$ref) return refName(schema.$ref);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.oneOf) return schema.oneOf.map((s) => (s.type === "object" ? "object" : typeOf(s))).join(" | ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "");
  return schema.format ? `${type} (${schema.format})` : type;
}

/** The error codes a response may carry (allOf: [Error, { error: enum }]). */
function errorCodesOf(response: Response): string[] {
  const schema = response.content?.["application/json"]?.schema;
  const codes = schema?.allOf?.flatMap((s) => (s.properties?.error?.enum ?? []).map(String));
  return codes ?? [];
}

function Paragraphs({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <>
      {text.split("\n\n").map((p, i) => (
        <p key={i} className="text-sm text-slate-700">
          {p}
        </p>
      ))}
    </>
  );
}

function SchemaTable({ name, schema }: { name: string; schema: Schema }) {
  const { t } = useTranslation();
  const fields = Object.entries(schema.properties ?? {});
  const nested = fields.flatMap(([field, s]) => (s.properties ? [[`${name}.${field}`, s] as const] : []));
  return (
    <>
      <DataTable
        id={`schema-${name}`}
        rows={fields}
        rowKey={([field]) => field}
        caption={name}
        compact
        columns={[
          { header: t("apiDocs.field"), cell: ([field]) => <code>{field}</code>, rowHeader: true },
          { header: t("apiDocs.type"), cell: ([, s]) => <code className="break-words text-xs">{typeOf(s)}</code> },
          {
            header: t("apiDocs.required"),
            cell: ([field]) => (schema.required?.includes(field) ? t("apiDocs.yes") : t("apiDocs.no")),
          },
          {
            header: t("apiDocs.description"),
            cell: ([, s]) => (
              <>
                {s.description ?? ""}
                {s.examples?.length ? (
                  <span className="block text-xs text-slate-600">{`${t("apiDocs.example")}: ${s.examples.map(String).join(", ")}`}</span>
                ) : null}
              </>
            ),
          },
        ]}
      />
      {nested.map(([nestedName, s]) => (
        <div key={nestedName} className="mt-3">
          <h4 className="font-mono text-sm font-semibold">{nestedName}</h4>
          <SchemaTable name={nestedName} schema={s} />
        </div>
      ))}
    </>
  );
}

export default function ApiDocsPage() {
  const { t } = useTranslation();
  const { document } = useLoaderData<typeof loader>();
  const employerIds = useRootData()?.user?.places.employerIds ?? [];
  const server = document.servers[0]?.url ?? "/api/v1";
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
  return (
    <div className="space-y-6">
      <PageHeader title={t("apiDocs.title")}>
        <a className="btn-secondary" href="/api/v1/openapi.json" download="tm-academy-openapi.json">
          {t("apiDocs.download")}
        </a>
      </PageHeader>
      <section className="card space-y-2" aria-labelledby="api-info">
        <h2 id="api-info" className="text-lg font-semibold">
          {document.info.title} <span className="text-sm font-normal text-slate-600">v{document.info.version}</span>
        </h2>
        <p className="text-sm">{t("apiDocs.intro")}</p>
        <Paragraphs text={document.info.description} />
        <p className="text-sm">
          <span className="font-medium">{t("apiDocs.server")}：</span>
          <code>{server}</code>
        </p>
        <h3 className="pt-2 font-semibold">{t("apiDocs.auth")}</h3>
        <p className="text-sm text-slate-700">{t("apiDocs.authText")}</p>
        {employerIds.length ? (
          <p className="text-sm">
            <Link className="link" to={`/manage/organizations/${employerIds[0]}/api-keys`}>
              {t("apiDocs.keysLink")}
            </Link>
          </p>
        ) : null}
      </section>

      {operations.map(({ path, method, operation }) => (
        <section key={operation.operationId} className="card space-y-3" aria-labelledby={`op-${operation.operationId}`}>
          <h2 id={`op-${operation.operationId}`} className="text-lg font-semibold">
            <span className="mr-2 rounded bg-slate-800 px-2 py-0.5 font-mono text-sm text-white">
              {method.toUpperCase()}
            </span>
            <code className="break-all">{path}</code>
          </h2>
          <p className="font-medium">{operation.summary}</p>
          <Paragraphs text={operation.description} />
          <pre className="overflow-x-auto rounded bg-slate-100 p-3 text-xs">
            <code>{`curl -H "Authorization: Bearer tma_<prefix>_<secret>" \\\n  "${server}${path.replace("{code}", "7K3M9-QX2PD")}?name=%E5%BC%A0%E6%99%93%E8%8A%B3"`}</code>
          </pre>
          <h3 className="font-semibold">{t("apiDocs.parameters")}</h3>
          <DataTable
            rows={operation.parameters ?? []}
            rowKey={(p) => `${p.in}-${p.name}`}
            caption={t("apiDocs.parameters")}
            compact
            columns={[
              { header: t("apiDocs.parameter"), cell: (p) => <code>{p.name}</code>, rowHeader: true },
              { header: t("apiDocs.location"), cell: (p) => p.in },
              { header: t("apiDocs.type"), cell: (p) => <code className="text-xs">{typeOf(p.schema)}</code> },
              { header: t("apiDocs.required"), cell: (p) => (p.required ? t("apiDocs.yes") : t("apiDocs.no")) },
              { header: t("apiDocs.description"), cell: (p) => p.description ?? "" },
            ]}
          />
          <h3 className="font-semibold">{t("apiDocs.responses")}</h3>
          <DataTable
            rows={Object.entries(operation.responses)}
            rowKey={([status]) => status}
            caption={t("apiDocs.responses")}
            compact
            columns={[
              { header: t("apiDocs.status"), cell: ([status]) => <code>{status}</code>, rowHeader: true },
              { header: t("apiDocs.description"), cell: ([, r]) => r.description },
              {
                header: t("apiDocs.errorCodes"),
                cell: ([, r]) =>
                  errorCodesOf(r).map((c) => (
                    <code key={c} className="mr-2">
                      {c}
                    </code>
                  )),
              },
              {
                header: t("apiDocs.headers"),
                cell: ([, r]) =>
                  Object.keys(r.headers ?? {}).map((h) => (
                    <code key={h} className="mr-2">
                      {h}
                    </code>
                  )),
              },
            ]}
          />
        </section>
      ))}

      <section id="signature" className="card space-y-2" aria-labelledby="signature-heading">
        <h2 id="signature-heading" className="text-lg font-semibold">
          {t("apiDocs.signatureTitle")}
        </h2>
        <p className="text-sm text-slate-700">
          {t("apiDocs.signatureText")}{" "}
          <a className="link" href="/.well-known/jwks.json">
            /.well-known/jwks.json
          </a>
        </p>
        <p className="text-sm text-slate-700">{t("apiDocs.signatureStatus")}</p>
      </section>

      <section className="card space-y-4" aria-labelledby="api-schemas">
        <h2 id="api-schemas" className="text-lg font-semibold">
          {t("apiDocs.schemas")}
        </h2>
        {Object.entries(document.components.schemas).map(([name, schema]) => (
          <div key={name}>
            <h3 className="font-mono font-semibold">{name}</h3>
            <SchemaTable name={name} schema={schema} />
          </div>
        ))}
      </section>
    </div>
  );
}
