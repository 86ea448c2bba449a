/**
 * The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json and rendered as the API
 * documentation page (/api-docs). It describes what answerVerificationApi (api.server.ts) answers; a test
 * validates it and checks real answers against its schemas. Client-safe: plain data.
 */

const errorCodes = ["malformed", "bad_name", "invalid_api_key", "not_found", "rate_limited", "unavailable"] as const;

const errorResponse = (
  description: string,
  codes: (typeof errorCodes)[number][],
  headers?: Record<string, unknown>,
) => ({
  description,
  ...(headers ? { headers } : {}),
  content: {
    "application/json": {
      schema: {
        allOf: [{ $ref: "#/components/schemas/Error" }, { type: "object", properties: { error: { enum: codes } } }],
      },
    },
  },
});

const retryAfter = {
  "Retry-After": {
    description: "Seconds to wait before retrying / 重试前需等待的秒数",
    schema: { type: "integer", minimum: 1 },
  },
};

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "TM Academy certificate verification API · 技术经理人学院证书核验接口",
      version: "1.0.0",
      description:
        "Check a technology-manager certificate by its verification code or serial, and optionally confirm the holder's full name. " +
        "Anonymous calls are limited to 60 a minute per address (shared with the public verification page); with an employer's API key, 600 a minute per key. " +
        "Accept a certificate only when `status` is `valid`; a look-up by serial never returns a verification code. " +
        "Call with a key from your own server, never from a browser.\n\n" +
        "按核验码或证书编号查询技术经理人证书，并可核对持证人完整姓名。匿名调用每个地址每分钟 60 次（与公开核验页面共用）；使用用人单位的 API 密钥每个密钥每分钟 600 次。请在自己的服务器上携带密钥调用，切勿写在网页中。仅当 status 为 valid 时方可采信；按证书编号查询不返回核验码。",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{}, { apiKey: [] }],
    paths: {
      "/certificates/{code}": {
        get: {
          operationId: "verifyCertificate",
          summary: "Verify a certificate · 核验证书",
          description:
            "Case, spaces and dashes do not matter; I and L read as 1, O as 0. Answers are never cached, so a revocation shows at once.\n\n大小写、空格和短横线不影响查询。结果不缓存，撤销立即生效。",
          parameters: [
            {
              name: "code",
              in: "path",
              required: true,
              description: "Verification code (7K3M9-QX2PD) or serial (TMA-2026-SX-J-00042) · 核验码或证书编号",
              schema: { type: "string", maxLength: 64 },
              examples: { code: { value: "7K3M9-QX2PD" }, serial: { value: "TMA-2026-SX-J-00042" } },
            },
            {
              name: "name",
              in: "query",
              required: false,
              description:
                "The holder's full name, to confirm it (never revealed otherwise) · 持证人完整姓名，用于核对（不会泄露姓名）",
              schema: { type: "string", maxLength: 100 },
            },
          ],
          responses: {
            "200": {
              description: "The certificate · 证书信息",
              headers: {
                "X-RateLimit-Remaining": {
                  description: "Calls left in this minute / 本分钟剩余次数",
                  schema: { type: "integer", minimum: 0 },
                },
              },
              content: { "application/json": { schema: { $ref: "#/components/schemas/Verification" } } },
            },
            "400": errorResponse("Not a code or serial, or the name is too long · 查询格式有误或姓名过长", [
              "malformed",
              "bad_name",
            ]),
            "401": errorResponse("The API key is unknown, wrong or revoked · API 密钥无效或已撤销", [
              "invalid_api_key",
            ]),
            "404": errorResponse("No certificate has this code or serial · 未找到该证书", ["not_found"]),
            "429": errorResponse("Too many requests · 请求过于频繁", ["rate_limited"], retryAfter),
            "503": errorResponse("The check could not be made just now · 暂时无法核验", ["unavailable"], retryAfter),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "tma_<prefix>_<secret>",
          description:
            "An employer's API key, made by the employer's staff on the API keys page · 用人单位在“API 密钥”页面创建的密钥",
        },
      },
      schemas: {
        Verification: {
          type: "object",
          required: ["certificate"],
          additionalProperties: false,
          properties: {
            certificate: { $ref: "#/components/schemas/Certificate" },
            nameMatched: { type: "boolean", description: "Present only when `name` was sent · 仅在提供 name 时出现" },
          },
        },
        Certificate: {
          type: "object",
          additionalProperties: false,
          required: [
            "serial",
            "code",
            "levelSlug",
            "levelNameZh",
            "levelNameEn",
            "centerNameZh",
            "centerNameEn",
            "regionCode",
            "regionNameZh",
            "regionNameEn",
            "issuedOn",
            "expiresOn",
            "status",
            "revoked",
            "superseded",
            "holderNameMasked",
            "signature",
          ],
          properties: {
            serial: { type: "string", examples: ["TMA-2026-SX-J-00042"] },
            code: {
              type: ["string", "null"],
              description:
                "Grouped for reading; null when looked up by serial (serials are sequential: a serial never leads to a code) · 分组显示的核验码；按证书编号查询时为 null",
              examples: ["7K3M9-QX2PD"],
            },
            levelSlug: { type: "string", enum: ["junior", "intermediate", "senior"] },
            levelNameZh: { type: "string" },
            levelNameEn: { type: "string" },
            centerNameZh: { type: "string" },
            centerNameEn: { type: "string" },
            regionCode: { type: "string" },
            regionNameZh: { type: "string" },
            regionNameEn: { type: "string" },
            issuedOn: { type: "string", format: "date" },
            expiresOn: { type: ["string", "null"], format: "date" },
            status: {
              type: "string",
              enum: ["valid", "expired", "revoked", "superseded", "invalid"],
              description:
                "Only `valid` may be accepted. `invalid`: the stored record does not match its signature (it may have been altered; the platform's admins are alerted) · 有效 / 已过期 / 已撤销 / 已被替代 / 无效（记录与签名不符）",
            },
            revoked: {
              description: "Set when revoked · 撤销时的时间和原因",
              oneOf: [
                { type: "null" },
                {
                  type: "object",
                  required: ["at", "reason"],
                  properties: { at: { type: "string", format: "date-time" }, reason: { type: ["string", "null"] } },
                },
              ],
            },
            superseded: {
              description: "Set when a newer certificate took its place · 被新证书替代时",
              oneOf: [
                { type: "null" },
                {
                  type: "object",
                  required: ["at", "reason", "byCode"],
                  properties: {
                    at: { type: "string", format: "date-time" },
                    reason: { enum: ["renewed", "reissued", null] },
                    byCode: {
                      type: ["string", "null"],
                      description: "The new certificate's code; null when looked up by serial · 新证书核验码",
                    },
                  },
                },
              ],
            },
            holderNameMasked: { type: "string", examples: ["张*芳"] },
            signature: {
              type: "object",
              required: ["alg", "kid", "value", "verified"],
              properties: {
                alg: { const: "EdDSA" },
                kid: { type: "string", description: "The key in /.well-known/jwks.json · 公钥编号" },
                value: { type: "string", description: "base64url Ed25519 signature of the record · 签名" },
                verified: {
                  type: "boolean",
                  description:
                    "The stored record still matches its signature; when false, `status` is `invalid` · 记录与签名一致；为 false 时 status 为 invalid",
                },
              },
            },
          },
        },
        Error: {
          type: "object",
          required: ["error", "message"],
          properties: {
            error: { type: "string", enum: [...errorCodes] },
            message: { type: "string", description: "Chinese / English" },
            query: { type: "string", description: "The query as understood (not_found) · 规范化后的查询" },
            retryAfter: { type: "integer", description: "Seconds (rate_limited) · 秒" },
          },
        },
      },
    },
  } as const;
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
