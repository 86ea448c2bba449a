import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import jsigs, { type DocumentLoader } from "jsonld-signatures";
import {
  badgeCredential,
  ISSUER_NAME,
  statusListCredential,
  type BadgeInput,
  type StatusListInput,
} from "./badge.server";
import credentialsV2 from "./contexts/credentials-v2.json";
import multikeyV1 from "./contexts/multikey-v1.json";
import openBadges303 from "./contexts/ob-v3p0-3.0.3.json";
import openBadgesExtensions from "./contexts/ob-v3p0-extensions.json";
import securityV1 from "./contexts/security-v1.json";
import securityV2 from "./contexts/security-v2.json";
import type { PublicJwk, SigningKey } from "./keys.server";

const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
const OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/** Defines 1EdTechJsonSchemaValidator2019, the type of the credential's credentialSchema. */
const OB_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
const MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1";

/**
 * Every JSON-LD context the credential, the issuer document and a verifier's framing of it need, bundled
 * (contexts/README.md says where each came from): canonicalization never fetches anything at run time.
 */
const CONTEXTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  [VC_CONTEXT, credentialsV2],
  [OB_CONTEXT, openBadges303],
  [OB_EXTENSIONS_CONTEXT, openBadgesExtensions],
  [MULTIKEY_CONTEXT, multikeyV1],
  ["https://w3id.org/security/v1", securityV1],
  ["https://w3id.org/security/v2", securityV2],
]);

/**
 * A JSON-LD document loader over the bundled contexts and the given documents; a URL with a fragment
 * resolves to the node of that id inside its document (how a proof's verificationMethod is found).
 * Anything else is refused, never fetched.
 */
export function staticDocumentLoader(documents: Record<string, object> = {}): DocumentLoader {
  return async (url: string) => {
    const context = CONTEXTS.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context };
    const [base, fragment] = url.split("#") as [string, string | undefined];
    const document = documents[base] as
      ({ "@context"?: unknown; verificationMethod?: { id: string }[] } & Record<string, unknown>) | undefined;
    if (document && fragment === undefined) return { contextUrl: null, documentUrl: url, document };
    const node = document?.verificationMethod?.find((method) => method.id === url);
    if (node) return { contextUrl: null, documentUrl: url, document: { "@context": MULTIKEY_CONTEXT, ...node } };
    throw new Error(`Not bundled, and not fetched at run time: ${url}`);
  };
}

/** The issuer's id: the controller of its keys, and the document that lists them. */
export const issuerId = (publicUrl: string) => `${publicUrl}/issuer`;

/** A key as a verification method of the issuer: `<issuer>#key-<RFC 7638 thumbprint>` (its kid in the JWKS). */
export const verificationMethodId = (publicUrl: string, kid: string) => `${issuerId(publicUrl)}#key-${kid}`;

async function multikeyOf(publicUrl: string, kid: string, jwk: PublicJwk & { d?: string }) {
  return Ed25519Multikey.fromJwk({
    jwk,
    secretKey: Boolean(jwk.d),
    id: verificationMethodId(publicUrl, kid),
    controller: issuerId(publicUrl),
  });
}

/**
 * The issuer Profile (Open Badges 3.0), which is also the controller document of its Ed25519 keys: each
 * key ever used is a Multikey verification method and an assertionMethod, so a credential signed before a
 * rotation keeps verifying. Served at /issuer.
 */
export async function issuerDocument(publicUrl: string, keys: { kid: string; publicJwk: PublicJwk }[]) {
  const methods = await Promise.all(
    keys.map(async ({ kid, publicJwk }) => {
      const key = await multikeyOf(publicUrl, kid, publicJwk);
      return {
        id: verificationMethodId(publicUrl, kid),
        type: "Multikey",
        controller: issuerId(publicUrl),
        publicKeyMultibase: key.publicKeyMultibase,
      };
    }),
  );
  return {
    "@context": [
      VC_CONTEXT,
      OB_CONTEXT,
      MULTIKEY_CONTEXT,
      // The verification relationships, as the Controlled Identifiers vocabulary names them.
      {
        verificationMethod: { "@id": "https://w3id.org/security#verificationMethod", "@type": "@id" },
        assertionMethod: { "@id": "https://w3id.org/security#assertionMethod", "@type": "@id", "@container": "@set" },
      },
    ],
    id: issuerId(publicUrl),
    type: ["Profile"],
    name: ISSUER_NAME,
    url: publicUrl,
    description: "技术经理人培训与认证平台 · Training and certification for technology managers",
    verificationMethod: methods,
    assertionMethod: methods.map((method) => method.id),
    "tma:jwks": `${publicUrl}/.well-known/jwks.json`,
  };
}

export type DataIntegrityInput = Omit<BadgeInput, "key" | "keyUrl"> & { signingKey: SigningKey };

/**
 * The status lists that badges with an embedded proof point to: the same bits as /credentials/status/<n>,
 * with a proof of the same kind, since a wallet that reads one form checks its status list in that form.
 */
export const statusListWithProofUrl = (publicUrl: string, list: number = 1) =>
  `${publicUrl}/credentials/status-ld/${list}`;

/** Adds an eddsa-rdfc-2022 proof made with the Ed25519 signing key, as a verification method of /issuer. */
async function signWithProof<T extends object>(document: T, signingKey: SigningKey, publicUrl: string, date: Date) {
  const jwk = signingKey.privateKey.export({ format: "jwk" }) as PublicJwk & { d: string };
  const key = await multikeyOf(publicUrl, signingKey.kid, jwk);
  const suite = new DataIntegrityProof({ signer: key.signer(), date, cryptosuite: eddsaRdfc2022 });
  const signed = await jsigs.sign(document, {
    suite,
    purpose: new jsigs.purposes.AssertionProofPurpose(),
    documentLoader: staticDocumentLoader(),
  });
  // 1EdTech's schema wants `proof` as an array; to JSON-LD a set of one is the same proof.
  return { ...(signed as T), proof: [signed.proof] };
}

/**
 * The badge with an embedded Data Integrity proof (cryptosuite eddsa-rdfc-2022), signed with the
 * Ed25519 signing key itself: the form Learner Credential Wallet and VerifierPlus read.
 */
export async function issueBadgeWithProof({ signingKey, issuedAt, ...input }: DataIntegrityInput) {
  const credential = badgeCredential(input);
  const listUrl = statusListWithProofUrl(input.publicUrl, input.statusList);
  const document = {
    ...credential,
    // Canonicalization maps every term to an IRI, so the schema validator's type needs its context too.
    "@context": [...credential["@context"], OB_EXTENSIONS_CONTEXT],
    credentialStatus: {
      ...credential.credentialStatus,
      id: `${listUrl}#${input.statusListIndex}`,
      statusListCredential: listUrl,
    },
  };
  return signWithProof(document, signingKey, input.publicUrl, issuedAt);
}

/** A Bitstring Status List credential with an embedded proof, for the badges of the same form. */
export async function issueStatusListWithProof({
  signingKey,
  list = 1,
  ...input
}: Omit<StatusListInput, "key" | "keyUrl"> & { signingKey: SigningKey }) {
  const credential = statusListCredential({ ...input, id: statusListWithProofUrl(input.publicUrl, list) });
  return signWithProof(credential, signingKey, input.publicUrl, input.issuedAt);
}

/**
 * Checks a credential's embedded proof with Digital Bazaar's verifier against an issuer document (the
 * one /issuer serves, or a saved copy), offline. Returns why it failed, or null when it holds.
 */
export async function verifyBadgeProof(credential: object, issuer: { id: string } & object): Promise<string | null> {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const result = await jsigs.verify(credential, {
    suite,
    purpose: new jsigs.purposes.AssertionProofPurpose(),
    documentLoader: staticDocumentLoader({ [issuer.id]: issuer }),
  });
  if (result.verified) return null;
  const errors = result.error?.errors ?? result.results?.map((r) => r.error) ?? [];
  return errors.map((e) => e?.message ?? String(e)).join("; ") || result.error?.message || "not verified";
}
