import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { certificateChecks } from "#db/schema";
import { syncFixtureContent } from "../tests/setup/content-fixture";
import { serveFastPath, STRICT_JSON_HEADERS, strictJsonHeadersOf } from "../tests/setup/fast-path-server";
import { answerVerificationApi, flushCheckLog, verificationApiAnswer } from "~/modules/verification/index.server";
import { issueTestCertificate, revokeTestCertificate } from "../tests/setup/test-certificates";
import { db } from "~/utils/db.server";
import { verificationApiFastPath } from "./verification-api";

let base = "";
let close: () => Promise<void>;

beforeAll(async () => {
  await syncFixtureContent();
  const fastPath = verificationApiFastPath(async (request) => answerVerificationApi(await db(), request), {
    trustProxy: true,
    production: true,
  });
  ({ base, close } = await serveFastPath(fastPath));
});
afterAll(() => close());

describe("the verification API's fast path", () => {
  test("answers a code or a serial with the certificate, its status and strict headers, and logs the check", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d, { holderName: "张晓芳" });
    const res = await fetch(`${base}/api/v1/certificates/${issued.code}?name=${encodeURIComponent("张晓芳")}`, {
      headers: { "X-Forwarded-For": "203.0.113.7" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(strictJsonHeadersOf(res)).toEqual(STRICT_JSON_HEADERS);
    expect(await res.json()).toMatchObject({
      certificate: { serial: issued.serial, status: "valid", holderNameMasked: "张*芳" },
      nameMatched: true,
    });

    await revokeTestCertificate(d, issued.id, "证书信息有误");
    const bySerial = await fetch(`${base}/api/v1/certificates/${encodeURIComponent(issued.serial.toLowerCase())}`);
    expect(await bySerial.json()).toMatchObject({
      certificate: { status: "revoked", revoked: { reason: "证书信息有误" } },
    });

    await flushCheckLog();
    const logged = await d.select().from(certificateChecks).where(eq(certificateChecks.certificateId, issued.id));
    expect(logged.map((c) => [c.kind, c.nameMatched])).toEqual(
      expect.arrayContaining([
        ["api_anonymous", true],
        ["api_anonymous", null],
      ]),
    );
  });

  test("unknown and malformed codes get JSON errors, not pages", async () => {
    const unknown = await fetch(`${base}/api/v1/certificates/ZZZZZZZZZZ`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: "not_found" });
    const malformed = await fetch(`${base}/api/v1/certificates/${encodeURIComponent("<script>")}`);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: "malformed" });
  });

  test("behind a trusted proxy, the anonymous limit counts the caller's address, not the proxy's", async () => {
    const d = await db();
    const issued = await issueTestCertificate(d);
    const from = (ip: string) =>
      fetch(`${base}/api/v1/certificates/${issued.code}`, { headers: { "X-Forwarded-For": `${ip}, 10.0.0.1` } });
    const first = await from("198.51.100.200");
    const remaining = Number(first.headers.get("x-ratelimit-remaining"));
    expect((await from("198.51.100.200")).headers.get("x-ratelimit-remaining")).toBe(String(remaining - 1));
    // Another caller behind the same proxy has a bucket of its own.
    expect((await from("198.51.100.201")).headers.get("x-ratelimit-remaining")).toBe(String(remaining));
  });

  test("when the database cannot be reached, the caller gets a 503 with a message in both languages, not an error page", async () => {
    // The failure is logged on the server's error log; here that is expected.
    vi.spyOn(console, "error").mockImplementationOnce(() => undefined);
    const answer = await verificationApiAnswer(() => Promise.reject(new Error("connection refused")), {
      code: "ZZZZZZZZZZ",
      name: null,
      authorization: null,
      clientIp: "198.51.100.250",
    });
    expect(answer.status).toBe(503);
    expect(answer.headers).toMatchObject({ "Content-Type": "application/json; charset=utf-8", "Retry-After": "5" });
    expect(JSON.parse(answer.body)).toEqual({
      error: "unavailable",
      message: "暂时无法核验，请稍后再试 / The certificate could not be checked just now; try again shortly",
    });
  });

  test("other methods and other paths go on to the app", async () => {
    expect((await fetch(`${base}/api/v1/certificates/ZZZZZZZZZZ`, { method: "POST", body: "" })).status).toBe(418);
    expect((await fetch(`${base}/api/v1/certificates/ZZZZZZZZZZ/extra`)).status).toBe(418);
    expect((await fetch(`${base}/api/v1/certificates/`)).status).toBe(418);
    expect((await fetch(`${base}/verify/ZZZZZZZZZZ`)).status).toBe(418);
    expect((await fetch(`${base}/api/v1/certificates/%E0%A4%A`)).status).toBe(418);
  });
});
