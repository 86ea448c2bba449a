// The second form of the Open Badges 3.0 credential, as a wallet or VerifierPlus meets it: an embedded Data
// Integrity proof (eddsa-rdfc-2022) checked with Digital Bazaar's verifier, the verification method found in
// the issuer document /issuer serves, every JSON-LD context bundled (nothing fetched), and 1EdTech's schema.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import Ajv2019 from "ajv/dist/2019";
import addFormats from "ajv-formats";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { certificates } from "#db/schema";
import { syncFixtureContent } from "../setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { issueTestCertificate } from "../setup/test-certificates";
import { createSession } from "~/modules/auth/index.server";
import {
  issueCertificate,
  reissueCertificate,
  resetSigningKeyCache,
  revokeCertificate,
  rotateKeyFile,
  verifyBadgeProof,
} from "~/modules/certificates/index.server";
import * as credentialLdRoute from "~/routes/certificates.$certificateId.credential-ld";
import * as statusLdRoute from "~/routes/credentials.status-ld.$list";
import * as issuerRoute from "~/routes/issuer";
import { db } from "~/utils/db.server";
import { publicUrl } from "~/utils/env.server";

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

type Credential = Record<string, unknown> & {
  proof: { type: string; cryptosuite: string; verificationMethod: string; proofPurpose: string }[];
  credentialSubject: { id: string; identifier: { identityHash: string; identityType: string }[] };
  credentialStatus: { statusListCredential: string; statusListIndex: string };
};

async function cookieOf(userId: string) {
  return `tma_session=${(await createSession(await db(), userId)).token}`;
}

/** The holder downloads the wallet form from the route, as the certificate page's link does. */
async function download(certificateId: string, userId: string) {
  const request = new Request(`${publicUrl()}/certificates/${certificateId}/credential-ld`, {
    headers: { Cookie: await cookieOf(userId) },
  });
  return (await credentialLdRoute
    .loader({ request, params: { certificateId }, context: {} } as never)
    .catch((e: unknown) => e)) as Response;
}

async function credentialOf(certificateId: string, userId: string) {
  const response = await download(certificateId, userId);
  expect(response.status).toBe(200);
  return { response, text: await response.text() };
}

test("a status list that does not exist is a 404", async () => {
  const outcome = await statusLdRoute
    .loader({
      request: new Request(`${publicUrl()}/credentials/status-ld/9999`),
      params: { list: "9999" },
      context: {},
    } as never)
    .catch((e: unknown) => e);
  expect((outcome as Response).status).toBe(404);
});

/** The issuer document as a verifier fetches it (once; then it is a saved copy), from /issuer. */
async function issuerDocument() {
  const response = (await issuerRoute.loader()) as Response;
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/ld+json");
  return (await response.json()) as { id: string; assertionMethod: string[] };
}

/** The credential's status bit, from the status list it names, after checking that list's own proof. */
async function statusBit(credential: Credential) {
  const { statusListCredential, statusListIndex } = credential.credentialStatus;
  const url = new URL(statusListCredential);
  expect(url.pathname).toMatch(/^\/credentials\/status-ld\/\d+$/);
  const response = (await statusLdRoute.loader({
    request: new Request(url),
    params: { list: url.pathname.split("/").at(-1)! },
    context: {},
  } as never)) as Response;
  expect(response.status).toBe(200);
  const list = (await response.json()) as {
    id: string;
    validUntil: string;
    credentialSubject: { encodedList: string };
  };
  expect(list.id).toBe(statusListCredential);
  expect(Date.parse(list.validUntil)).toBeGreaterThan(Date.now());
  expect(await verifyBadgeProof(list, await issuerDocument())).toBeNull();
  const bits = gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), "base64url"));
  const index = Number(statusListIndex);
  return (bits[index >> 3]! & (0x80 >> (index & 7))) === 0 ? 0 : 1;
}

async function row(id: string) {
  return (await (await db()).select().from(certificates).where(eq(certificates.id, id)))[0]!;
}

describe("the Open Badges 3.0 credential with an embedded Data Integrity proof", () => {
  test("the holder downloads it; Digital Bazaar's verifier accepts it with the key from /issuer; one changed byte fails", async () => {
    const d = await db();
    const certificate = await issueTestCertificate(d);
    const { response, text } = await credentialOf(certificate.id, certificate.holder.id);
    expect(response.headers.get("Content-Type")).toBe("application/vc");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${certificate.serial}.json"`);
    const credential = JSON.parse(text) as Credential;
    expect(credential.proof).toEqual([
      expect.objectContaining({
        type: "DataIntegrityProof",
        cryptosuite: "eddsa-rdfc-2022",
        proofPurpose: "assertionMethod",
        verificationMethod: expect.stringMatching(new RegExp(`^${publicUrl()}/issuer#key-`)),
      }),
    ]);
    const issuer = await issuerDocument();
    expect(issuer.id).toBe(`${publicUrl()}/issuer`);
    expect(issuer.assertionMethod).toContain(credential.proof[0]!.verificationMethod);
    expect(await verifyBadgeProof(credential, issuer)).toBeNull();

    // One byte of the file changed (a digit of the holder's identity hash): the proof no longer holds.
    const at =
      Buffer.byteLength(text.slice(0, text.indexOf(credential.credentialSubject.identifier[0]!.identityHash))) + 10;
    const bytes = Buffer.from(text, "utf8");
    bytes[at] = bytes[at] === 0x30 ? 0x31 : 0x30;
    const tampered = JSON.parse(bytes.toString("utf8")) as Credential;
    expect(tampered.credentialSubject.identifier[0]!.identityHash).not.toBe(
      credential.credentialSubject.identifier[0]!.identityHash,
    );
    expect(await verifyBadgeProof(tampered, issuer)).toMatch(/Invalid signature/);

    // A proof that names a key the issuer does not list is refused, even with a good signature elsewhere.
    const stranger = { ...issuer, assertionMethod: [] };
    expect(await verifyBadgeProof(credential, stranger)).toMatch(/not authorized/);
  });

  test("validates against 1EdTech's AchievementCredential schema, for an e-mail holder and a mobile holder", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    for (const contact of [{ email: "li.ming@example.cn" }, { phone: "13812345678" }]) {
      const holder = await makeUser(d, { role: "trainee", organizationId: center.id, ...contact });
      const { certificateId } = await issueCertificate(d, {
        userId: holder.id,
        levelSlug: "junior",
        centerId: center.id,
        issuedAt: new Date(),
        issuedBy: null,
      });
      const credential = JSON.parse((await credentialOf(certificateId, holder.id)).text) as Credential;
      const ok = validateCredential(credential);
      expect(validateCredential.errors ?? [], JSON.stringify(contact)).toEqual([]);
      expect(ok).toBe(true);
      expect(credential.credentialSubject.identifier[0]!.identityType).toBe(
        "email" in contact ? "emailAddress" : "ext:phone",
      );
      expect(credential.credentialSubject.id).toBe((await row(certificateId)).record.subjectId);
    }
  });

  test("only the holder downloads it; revoked or superseded: refused like the JWT, and its status list says so", async () => {
    const d = await db();
    const admin = await actorFor(d, (await makeUser(d, { role: "platform_admin" })).id);
    const certificate = await issueTestCertificate(d);
    const someoneElse = await makeUser(d, { role: "trainee" });
    expect((await download(certificate.id, someoneElse.id)).status).toBe(404);

    const revoked = await issueTestCertificate(d);
    const replaced = await issueTestCertificate(d);
    const revokedCredential = JSON.parse((await credentialOf(revoked.id, revoked.holder.id)).text) as Credential;
    const replacedCredential = JSON.parse((await credentialOf(replaced.id, replaced.holder.id)).text) as Credential;
    expect(await statusBit(revokedCredential)).toBe(0);
    expect(await statusBit(replacedCredential)).toBe(0);

    expect(await revokeCertificate(d, admin, revoked.id, "考试舞弊")).toEqual({ ok: true });
    const refused = await download(revoked.id, revoked.holder.id);
    expect(refused.status).toBe(410);
    expect(await refused.text()).toMatch(/已撤销[\s\S]*REVOKED/);

    expect((await reissueCertificate(d, admin, replaced.id)).ok).toBe(true);
    const superseded = await download(replaced.id, replaced.holder.id);
    expect(superseded.status).toBe(410);
    expect(await superseded.text()).toMatch(/已被替代[\s\S]*SUPERSEDED/);

    // Copies downloaded before fail at their status list: both bits are now set; an untouched one is clear.
    expect(await statusBit(revokedCredential)).toBe(1);
    expect(await statusBit(replacedCredential)).toBe(1);
    expect(await statusBit(JSON.parse((await credentialOf(certificate.id, certificate.holder.id)).text))).toBe(0);
  });

  test("after a key rotation, a credential signed with the old key still verifies: /issuer lists every key", async () => {
    const d = await db();
    const before = await issueTestCertificate(d);
    const old = JSON.parse((await credentialOf(before.id, before.holder.id)).text) as Credential;
    await rotateKeyFile(process.env.DATA_DIR!);
    resetSigningKeyCache();
    const after = await issueTestCertificate(d);
    const fresh = JSON.parse((await credentialOf(after.id, after.holder.id)).text) as Credential;
    expect(fresh.proof[0]!.verificationMethod).not.toBe(old.proof[0]!.verificationMethod);
    const issuer = await issuerDocument();
    expect(await verifyBadgeProof(old, issuer)).toBeNull();
    expect(await verifyBadgeProof(fresh, issuer)).toBeNull();
  });
});
