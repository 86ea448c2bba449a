import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { makeOrganization, makeRegion, makeUser, actorFor } from "../setup/factories";
import { syncFixtureContent } from "../setup/content-fixture";
import { issueTestCertificate, revokeTestCertificate } from "../setup/test-certificates";
import { answerVerificationApi, createApiKey, openApiDocument } from "~/modules/verification/index.server";
import * as docsRoute from "~/routes/api-docs";
import * as openApiRoute from "~/routes/api.v1.openapi[.]json";
import { db } from "~/utils/db.server";

beforeAll(() => syncFixtureContent());

/** The response schema the document gives for a status, compiled against the document's own components. */
function responseValidator(document: ReturnType<typeof openApiDocument>) {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; the document's other members are not keywords (strict off).
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "https://tm-academy.test/openapi.json", components: document.components }, "doc");
  const operation = document.paths["/certificates/{code}"].get;
  return (status: number, body: unknown) => {
    const response = operation.responses[String(status) as keyof typeof operation.responses];
    expect(response, `the document describes status ${status}`).toBeDefined();
    const schema = JSON.parse(
      JSON.stringify(response.content["application/json"].schema).replaceAll(
        '"#/components',
        '"https://tm-academy.test/openapi.json#/components',
      ),
    );
    const validate = ajv.compile(schema);
    const ok = validate(body);
    expect(ok, JSON.stringify(validate.errors)).toBe(true);
  };
}

describe("the OpenAPI description of /api/v1", () => {
  test("is a valid OpenAPI 3.1 document, served by the app", async () => {
    const response = openApiRoute.loader();
    expect(response.headers.get("Content-Type")).toContain("application/json");
    const served = await response.json();
    const validator = new Validator();
    const result = await validator.validate(served);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // Without APP_URL the server is relative to the document: no request header decides a link.
    expect(served.servers).toEqual([{ url: `${(process.env.APP_URL ?? "").replace(/\/+$/, "")}/api/v1` }]);
  });

  test("matches the API's real answers: found (with and without a name, by serial), revoked, altered, not found, malformed, bad key", async () => {
    const d = await db();
    const document = openApiDocument("");
    const check = responseValidator(document);
    const valid = await issueTestCertificate(d, { holderName: "张晓芳" });
    const revoked = await issueTestCertificate(d, { holderName: "李明" });
    await revokeTestCertificate(d, revoked.id, "违规取得");
    const altered = await issueTestCertificate(d);
    await d.execute(
      sql`update certificates set record = jsonb_set(record, '{holderName}', '"某某"') where id = ${altered.id}`,
    );
    const employer = await makeOrganization(d, (await makeRegion(d)).id, "employer");
    const hr = await actorFor(d, (await makeUser(d, { role: "employer", organizationId: employer.id })).id);
    const key = await createApiKey(d, hr, employer.id, "人事系统");
    if (!key.ok) throw new Error("no key");
    const call = (code: string, extra: { name?: string; authorization?: string } = {}) =>
      answerVerificationApi(d, {
        code,
        name: extra.name ?? null,
        authorization: extra.authorization ?? null,
        clientIp: "198.51.100.7",
      });

    const cases = [
      [await call(valid.code, { authorization: `Bearer ${key.token}` }), 200],
      [await call(valid.serial, { name: "张晓芳" }), 200],
      [await call(revoked.code, { name: "王五" }), 200],
      [await call(altered.code), 200],
      [await call("ZZZZZ-ZZZZZ"), 404],
      [await call("不是编号"), 400],
      [await call(valid.code, { name: "张".repeat(101) }), 400],
      [await call(valid.code, { authorization: "Bearer tma_aaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbb" }), 401],
    ] as const;
    for (const [answer, status] of cases) {
      expect(answer.status).toBe(status);
      check(answer.status, JSON.parse(answer.body));
      // Headers the document names are sent.
      if (status === 200) expect(answer.headers["X-RateLimit-Remaining"]).toMatch(/^\d+$/);
    }
    expect(JSON.parse(cases[1][0].body).nameMatched).toBe(true);
    expect(JSON.parse(cases[2][0].body).certificate.revoked).toMatchObject({ reason: "违规取得" });
    // By serial, no code; an altered record is invalid.
    expect(JSON.parse(cases[1][0].body).certificate.code).toBeNull();
    expect(JSON.parse(cases[3][0].body).certificate.status).toBe("invalid");
  });

  test("the documentation page is rendered from the same document, with no reference to repository files", async () => {
    const { document } = docsRoute.loader();
    expect(document.paths["/certificates/{code}"]!.get!.operationId).toBe("verifyCertificate");
    expect(JSON.stringify(document)).not.toMatch(/docs\/|\.md\b/);
    const { default: zh } = await import("~/i18n/locales/zh-CN");
    const { default: en } = await import("~/i18n/locales/en");
    // No user-facing text sends readers to the repository (docs/…).
    expect(JSON.stringify(zh)).not.toMatch(/docs\/[\w-]+\.md/);
    expect(JSON.stringify(en)).not.toMatch(/docs\/[\w-]+\.md/);
  });
});
