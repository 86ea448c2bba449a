// The API documentation page (/api-docs), rendered from the OpenAPI document the app serves.
import type { Catalog } from "../catalog";

export const zh = {
  title: "证书核验 API 文档",
  intro:
    "用人单位的系统可以通过此接口核验证书。本页由平台提供的 OpenAPI 3.1 描述文件生成，该文件也可直接导入 Postman、Swagger 等工具。",
  download: "下载 OpenAPI 描述文件（JSON）",
  server: "接口地址",
  auth: "身份验证",
  authText:
    "可匿名调用；携带 API 密钥时使用请求头 Authorization: Bearer <密钥>，限额更高。密钥由用人单位工作人员在“API 密钥”页面创建。",
  keysLink: "管理 API 密钥",
  endpoint: "接口",
  parameters: "参数",
  parameter: "参数",
  location: "位置",
  required: "必填",
  optional: "可选",
  yes: "是",
  no: "否",
  description: "说明",
  responses: "返回结果",
  status: "状态码",
  errorCodes: "error 取值",
  schemas: "数据结构",
  field: "字段",
  type: "类型",
  example: "示例",
  headers: "响应头",
  signatureTitle: "离线核验数字签名",
  signatureText:
    '每张证书的记录在颁发时以 Ed25519（JOSE EdDSA）签名，之后不再改变。签名的内容是 {"v": 1, …记录} 按 RFC 8785（JCS）规范化后的 UTF-8 JSON；记录字段为 serial、code（不分组）、holderName、levelSlug、levelNameZh、levelNameEn、centerNameZh、centerNameEn、regionCode、regionNameZh、regionNameEn、issuedOn、expiresOn、subjectHash、subjectSalt（记录含 subjectId 和 identityType 时为 {"v": 2, …记录}，加上这两个字段）。签名（base64url）和密钥编号 kid 见接口返回的 signature 字段；公钥（含已轮换的）发布在 JWKS：',
  signatureStatus:
    "签名证明证书颁发时的内容；证书现在是否仍然有效（未撤销、未替代、未过期），以本接口或核验页面的结果为准。",
};

export const en: Catalog<typeof zh> = {
  title: "Certificate verification API",
  intro:
    "Employers' systems verify certificates through this API. This page is rendered from the OpenAPI 3.1 description the platform serves, which tools such as Postman or Swagger can import as it is.",
  download: "Download the OpenAPI description (JSON)",
  server: "Base URL",
  auth: "Authentication",
  authText:
    "Anonymous calls are allowed; with an API key, send the header Authorization: Bearer <key> for a higher limit. An employer's staff make keys on the API keys page.",
  keysLink: "Manage API keys",
  endpoint: "Endpoint",
  parameters: "Parameters",
  parameter: "Parameter",
  location: "In",
  required: "Required",
  optional: "Optional",
  yes: "yes",
  no: "no",
  description: "Description",
  responses: "Responses",
  status: "Status",
  errorCodes: "error values",
  schemas: "Schemas",
  field: "Field",
  type: "Type",
  example: "Example",
  headers: "Headers",
  signatureTitle: "Checking the signature offline",
  signatureText:
    'Each certificate\'s record is signed with Ed25519 (JOSE EdDSA) when it is issued and never changes afterwards. The signed bytes are the RFC 8785 (JCS) canonical JSON, in UTF-8, of {"v": 1, …record}, whose fields are serial, code (ungrouped), holderName, levelSlug, levelNameZh, levelNameEn, centerNameZh, centerNameEn, regionCode, regionNameZh, regionNameEn, issuedOn, expiresOn, subjectHash, subjectSalt (records that carry subjectId and identityType are signed as {"v": 2, …record} with those two fields added). The signature (base64url) and the key\'s kid are in the API\'s signature field; the public keys, rotated ones included, are published as a JWKS:',
  signatureStatus:
    "A valid signature proves what the certificate said when it was issued; whether it is still valid (not revoked, superseded or expired) is what this API and the verification page answer.",
};
