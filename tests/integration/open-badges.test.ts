// Open Badges 3.0 as an outside verifier meets them: the official 1EdTech JSON Schema, a JWT library other
// than the one that signs (jsonwebtoken, not jose), the key fetched from the URL in the JWT's `kid`, and
// the status list that must tell the truth about revoked, superseded and expired certificates.
import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import Ajv2019 from "ajv/dist/2019";
import addFormats from "ajv-formats";
import { eq } from "drizzle-orm";
import jwt from "jsonwebtoken";
import { beforeAll, describe, expect, test } from "vitest";
import { certificates } from "#db/schema";
import { syncFixtureContent } from "../setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { issueTestCertificate } from "../setup/test-certificates";
import {
  certificateBadge,
  downloadRefusal,
  issueCertificate,
  publishedJwks,
  reissueCertificate,
  resetSigningKeyCache,
  rotateKeyFile,
  revokeCertificate,
} from "~/modules/certificates/index.server";
import { createSession } from "~/modules/auth/index.server";
import * as credentialRoute from "~/routes/certificates.$certificateId.credential";
import * as pdfRoute from "~/routes/certificates.$certificateId.pdf";
import * as keyRoute from "~/routes/keys.$thumbprint";
import * as statusRoute from "~/routes/credentials.status.$list";
import { db } from "~/utils/db.server";
import { publicUrl } from "~/utils/env.server";
import { gunzipSync } from "node:zlib";

beforeAll(() => syncFixtureContent());

const schema = JSON.parse(
  readFileSync(
    new URL("../fixtures/open-badges-3.0/ob_v3p0_achievementcredential_schema.json", import.meta.url),
    "utf8",
  ),
);
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
const validateCredential = ajv.compile(schema);

/** The credential a verifier sees: the JWT payload without the registered claims. */
function credentialOf(token: string) {
  const {
    iss: _iss,
    jti: _jti,
    sub: _sub,
    nbf: _nbf,
    exp: _exp,
    iat: _iat,
    ...credential
  } = jwt.decode(token) as Record<string, unknown>;
  return credential;
}

/** Fetch the key the way a verifier does: from the URL in the JWT header's `kid`, served by the app. */
async function keyFromKid(token: string) {
  const { header } = jwt.decode(token, { complete: true })!;
  expect(header.alg).toBe("ES256");
  const kid = header.kid!;
  expect(kid.startsWith(`${publicUrl()}/keys/`)).toBe(true);
  const url = new URL(kid);
  const thumbprint = url.pathname.split("/").at(-1)!;
  const response = (await keyRoute.loader({
    request: new Request(url),
    params: { thumbprint },
    context: {},
  } as never)) as Response;
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/jwk+json");
  const jwk = (await response.json()) as Record<string, string>;
  expect(jwk).toMatchObject({ kty: "EC", crv: "P-256", kid, alg: "ES256" });
  return createPublicKey({ key: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x!, y: jwk.y! }, format: "jwk" });
}

async function statusBit(list: number, index: number) {
  const response = (await statusRoute.loader({
    request: new Request(`${publicUrl()}/credentials/status/${list}`),
    params: { list: String(list) },
    context: {},
  } as never)) as Response;
  const token = await response.text();
  const payload = jwt.verify(token, await keyFromKid(token), { algorithms: ["ES256"] }) as {
    validUntil: string;
    credentialSubject: { encodedList: string; ttl: number };
  };
  expect(Date.parse(payload.validUntil)).toBeGreaterThan(Date.now());
  const bits = gunzipSync(Buffer.from(payload.credentialSubject.encodedList.slice(1), "base64url"));
  return (bits[index >> 3]! & (0x80 >> (index & 7))) === 0 ? 0 : 1;
}

async function row(id: string) {
  const d = await db();
  return (await d.select().from(certificates).where(eq(certificates.id, id)))[0]!;
}

async function credentialStatusOf(token: string) {
  const { credentialStatus } = jwt.decode(token) as {
    credentialStatus: { statusListCredential: string; statusListIndex: string };
  };
  return {
    list: Number(credentialStatus.statusListCredential.split("/").at(-1)),
    index: Number(credentialStatus.statusListIndex),
  };
}

describe("the Open Badges 3.0 credential, as outside verifiers check it", () => {
  test("validates against 1EdTech's AchievementCredential schema, for an e-mail holder and a mobile holder", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    for (const contact of [{ email: "zhang.xf@example.cn" }, { phone: "13912345678" }]) {
      const holder = await makeUser(d, { role: "trainee", organizationId: center.id, ...contact });
      const { certificateId } = await issueCertificate(d, {
        userId: holder.id,
        levelSlug: "junior",
        centerId: center.id,
        issuedAt: new Date(),
        issuedBy: null,
      });
      const certificate = await row(certificateId);
      const credential = credentialOf(await certificateBadge(d, certificate));
      const ok = validateCredential(credential);
      expect(validateCredential.errors ?? [], JSON.stringify(contact)).toEqual([]);
      expect(ok).toBe(true);
      // The schema does bite: the identity type the app used to send is refused.
      const old = structuredClone(credential) as { credentialSubject: { identifier: { identityType: string }[] } };
      old.credentialSubject.identifier[0]!.identityType = "phone";
      expect(validateCredential(old)).toBe(false);
      const subject = credential.credentialSubject as { id: string; identifier: { identityType: string }[] };
      // The type is frozen in the signed record; mobile numbers take an `ext:` type (not in IdentifierTypeEnum).
      expect(subject.identifier[0]!.identityType).toBe("email" in contact ? "emailAddress" : "ext:phone");
      expect(certificate.record.identityType).toBe(subject.identifier[0]!.identityType);
      // An opaque per-certificate URI: nothing of the holder's name, e-mail or number.
      expect(subject.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(subject.id).toBe(certificate.record.subjectId);
      expect(JSON.stringify(credential)).not.toContain(holder.name);
      expect(JSON.stringify(credential)).not.toContain("13912345678");
      expect(JSON.stringify(credential)).not.toContain("zhang.xf");
    }
  });

  test("verifies with jsonwebtoken after fetching the key from its kid; the claims mirror the credential; one changed byte fails", async () => {
    const d = await db();
    const certificate = await issueTestCertificate(d);
    const token = await certificateBadge(d, certificate);
    const key = await keyFromKid(token);
    const claims = jwt.verify(token, key, { algorithms: ["ES256"] }) as Record<string, unknown> & {
      issuer: { id: string };
      credentialSubject: { id: string };
      validFrom: string;
      validUntil: string;
    };
    expect(claims.iss).toBe(claims.issuer.id);
    expect(claims.jti).toBe(claims.id);
    expect(claims.sub).toBe(claims.credentialSubject.id);
    expect(claims.nbf).toBe(Math.floor(Date.parse(claims.validFrom) / 1000));
    expect(claims.exp).toBe(Math.floor(Date.parse(claims.validUntil) / 1000));

    const [h, p, s] = token.split(".") as [string, string, string];
    const bytes = Buffer.from(p, "base64url");
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    expect(() => jwt.verify(`${h}.${bytes.toString("base64url")}.${s}`, key, { algorithms: ["ES256"] })).toThrow(
      /invalid signature/,
    );

    // The same key is in the JWKS, under the same kid.
    const { header } = jwt.decode(token, { complete: true })!;
    expect((await publishedJwks(d)).keys.some((k) => k.kid === header.kid)).toBe(true);
  });

  test("an expired credential fails", async () => {
    const d = await db();
    const certificate = await issueTestCertificate(d, { issuedAt: new Date("2020-03-01T02:00:00Z") });
    const token = await certificateBadge(d, certificate);
    const key = await keyFromKid(token);
    expect(() => jwt.verify(token, key, { algorithms: ["ES256"] })).toThrow(jwt.TokenExpiredError);
  });

  test("revoked and superseded credentials fail: their status bits are set, and their files are refused", async () => {
    const d = await db();
    const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
    const revoked = await issueTestCertificate(d);
    const replaced = await issueTestCertificate(d);
    const untouched = await issueTestCertificate(d);
    const slots = await Promise.all(
      [revoked, replaced, untouched].map(async (c) => credentialStatusOf(await certificateBadge(d, c))),
    );
    for (const { list, index } of slots) expect(await statusBit(list, index)).toBe(0);

    expect(await revokeCertificate(d, admin, revoked.id, "考试舞弊")).toEqual({ ok: true });
    const reissued = await reissueCertificate(d, admin, replaced.id);
    expect(reissued.ok).toBe(true);

    expect(await statusBit(slots[0]!.list, slots[0]!.index)).toBe(1);
    expect(await statusBit(slots[1]!.list, slots[1]!.index)).toBe(1);
    expect(await statusBit(slots[2]!.list, slots[2]!.index)).toBe(0);
    // The new certificate of the re-issue has its own, clear bit.
    const fresh = await credentialStatusOf(
      await certificateBadge(d, await row((reissued as { certificateId: string }).certificateId)),
    );
    expect(await statusBit(fresh.list, fresh.index)).toBe(0);

    // The holder asks for the revoked certificate's badge and PDF: refused, and told why in both languages.
    const { token: session } = await createSession(d, revoked.holder.id);
    for (const route of [credentialRoute, pdfRoute]) {
      const request = new Request(`${publicUrl()}/certificates/${revoked.id}/x`, {
        headers: { Cookie: `tma_session=${session}` },
      });
      const refused = (await route
        .loader({ request, params: { certificateId: revoked.id }, context: {} } as never)
        .catch((e: unknown) => e)) as Response;
      expect(refused.status).toBe(410);
      expect(await refused.text()).toMatch(/已撤销[\s\S]*REVOKED/);
    }
    expect(downloadRefusal({ status: "revoked" })).toMatchObject({
      status: 410,
      message: expect.stringContaining("已撤销"),
    });
    expect(downloadRefusal({ status: "revoked" })!.message).toContain("REVOKED");
    expect(downloadRefusal({ status: "superseded" })).toMatchObject({ status: 410 });
    expect(downloadRefusal({ status: "expired" })).toBeNull();
  });

  test("after a key rotation, credentials signed with the old key still verify from their kid; new ones use the new key", async () => {
    const d = await db();
    const before = await issueTestCertificate(d);
    const oldToken = await certificateBadge(d, before);
    await rotateKeyFile(process.env.DATA_DIR!);
    resetSigningKeyCache();
    const after = await issueTestCertificate(d);
    const newToken = await certificateBadge(d, after);
    const kidOf = (token: string) => jwt.decode(token, { complete: true })!.header.kid;
    expect(kidOf(newToken)).not.toBe(kidOf(oldToken));
    for (const token of [oldToken, newToken])
      expect(jwt.verify(token, await keyFromKid(token), { algorithms: ["ES256"] })).toBeTruthy();
    const jwks = await publishedJwks(d);
    const ec = jwks.keys.filter((k) => k.kty === "EC");
    expect(ec.map((k) => k.kid)).toEqual([kidOf(oldToken), kidOf(newToken)]);
    expect(ec[0]!["tma:activeUntil"]).toBeDefined();
    expect(ec[1]!["tma:activeUntil"]).toBeUndefined();
  });

  test("a status list that does not exist is a 404, not an empty list", async () => {
    const outcome = await statusRoute
      .loader({
        request: new Request(`${publicUrl()}/credentials/status/9999`),
        params: { list: "9999" },
        context: {},
      } as never)
      .catch((e: unknown) => e);
    expect((outcome as Response).status).toBe(404);
  });
});
