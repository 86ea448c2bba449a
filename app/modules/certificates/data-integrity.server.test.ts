import { afterEach, describe, expect, test, vi } from "vitest";
import {
  issueBadgeWithProof,
  issuerDocument,
  staticDocumentLoader,
  verificationMethodId,
  verifyBadgeProof,
} from "./data-integrity.server";
import { generateSigningKeyPem, parseSigningKey } from "./keys.server";
import { sampleRecord } from "../../../tests/setup/sample-record";

const publicUrl = "https://academy.example.cn";
const signingKey = parseSigningKey(generateSigningKeyPem());
const input = {
  record: sampleRecord(),
  publicUrl,
  statusListIndex: 42,
  identityType: "emailAddress" as const,
  subjectId: "urn:uuid:3f1c7a52-5d0e-4d8c-9a1b-2c4e6f8a0b1d",
  issuedAt: new Date("2026-11-27T04:30:00Z"),
};

afterEach(() => vi.unstubAllGlobals());

describe("the badge with an embedded Data Integrity proof (eddsa-rdfc-2022)", () => {
  test("signs and verifies with every context bundled: nothing is fetched", async () => {
    const fetch = vi.fn(() => Promise.reject(new Error("fetched")));
    vi.stubGlobal("fetch", fetch);
    const credential = await issueBadgeWithProof({ ...input, signingKey });
    expect(credential["@context"]).toEqual([
      "https://www.w3.org/ns/credentials/v2",
      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
      "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    ]);
    expect(credential.proof).toEqual([
      expect.objectContaining({
        cryptosuite: "eddsa-rdfc-2022",
        created: "2026-11-27T04:30:00Z",
        verificationMethod: verificationMethodId(publicUrl, signingKey.kid),
      }),
    ]);
    const issuer = await issuerDocument(publicUrl, [signingKey]);
    expect(await verifyBadgeProof(credential, issuer)).toBeNull();
    // The holder's name never leaves in the credential; changing the level it names breaks the proof.
    expect(await verifyBadgeProof({ ...credential, name: "高级技术经理人 Senior" }, issuer)).toMatch(
      /Invalid signature/,
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  test("a key that is not the issuer's does not verify, and a context that is not bundled is refused, not fetched", async () => {
    const credential = await issueBadgeWithProof({ ...input, signingKey });
    const other = parseSigningKey(generateSigningKeyPem());
    // Another key under the same verification method id: the signature does not hold.
    const impostor = await issuerDocument(publicUrl, [{ kid: signingKey.kid, publicJwk: other.publicJwk }]);
    expect(await verifyBadgeProof(credential, impostor)).toMatch(/Invalid signature/);

    await expect(staticDocumentLoader()("https://example.org/unknown-context.json")).rejects.toThrow(/not fetched/);
    // Safe mode: a credential whose ids would not survive canonicalization (relative URLs) is not signed.
    await expect(
      issueBadgeWithProof({ ...input, signingKey, record: sampleRecord(), publicUrl: "relative" }),
    ).rejects.toThrow(/Safe mode/);
  });

  test("the issuer document lists each key as a Multikey verification method and assertion method", async () => {
    const old = parseSigningKey(generateSigningKeyPem());
    const issuer = await issuerDocument(publicUrl, [old, signingKey]);
    expect(issuer.id).toBe(`${publicUrl}/issuer`);
    expect(issuer.assertionMethod).toEqual([
      verificationMethodId(publicUrl, old.kid),
      verificationMethodId(publicUrl, signingKey.kid),
    ]);
    expect(issuer.verificationMethod[1]).toEqual({
      id: `${publicUrl}/issuer#key-${signingKey.kid}`,
      type: "Multikey",
      controller: `${publicUrl}/issuer`,
      // Ed25519 public keys as Multikey: multibase base58btc of 0xed01 ‖ key, so always "z6Mk…".
      publicKeyMultibase: expect.stringMatching(/^z6Mk/),
    });
  });
});
