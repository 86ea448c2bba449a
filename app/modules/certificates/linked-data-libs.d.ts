// Digital Bazaar's Data Integrity libraries ship JavaScript without types; only what data-integrity.server.ts uses.
declare module "@digitalbazaar/ed25519-multikey" {
  export interface Ed25519KeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    signer(): { id: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> };
  }
  export function fromJwk(options: {
    jwk: { kty: string; crv: string; x: string; d?: string };
    secretKey?: boolean;
    id?: string;
    controller?: string;
  }): Promise<Ed25519KeyPair>;
}

declare module "@digitalbazaar/eddsa-rdfc-2022-cryptosuite" {
  export const cryptosuite: { name: string };
}

declare module "@digitalbazaar/data-integrity" {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; date?: Date | string | null; cryptosuite: unknown });
  }
}

declare module "jsonld-signatures" {
  export type DocumentLoader = (
    url: string,
  ) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>;
  export interface VerifyResult {
    verified: boolean;
    error?: { errors?: Error[]; message?: string };
    results?: { verified: boolean; error?: Error }[];
  }
  const jsigs: {
    sign(
      document: object,
      options: { suite: unknown; purpose: unknown; documentLoader: DocumentLoader },
    ): Promise<Record<string, unknown>>;
    verify(
      document: object,
      options: { suite: unknown; purpose: unknown; documentLoader: DocumentLoader },
    ): Promise<VerifyResult>;
    purposes: { AssertionProofPurpose: new (options?: { date?: Date }) => unknown };
  };
  export default jsigs;
}
