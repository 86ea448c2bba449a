import path from "node:path";
import { env } from "~/utils/env.server";
import { loadOrCreateDemoPdfSigningMaterial, type PdfSigningMaterial } from "./pdf-signature.server";

// Keyed by where the material comes from (test files sharing one process each have their own DATA_DIR).
const materials = new Map<string, Promise<PdfSigningMaterial>>();

/** What signs certificate PDFs: PDF_SIGNING_KEY and PDF_SIGNING_CERTIFICATE, or (embedded demo) the pair in DATA_DIR. */
export function pdfSigningMaterial(): Promise<PdfSigningMaterial> {
  const { PDF_SIGNING_KEY, PDF_SIGNING_CERTIFICATE, DATA_DIR } = env();
  const fromEnv =
    PDF_SIGNING_KEY && PDF_SIGNING_CERTIFICATE
      ? { keyPem: PDF_SIGNING_KEY, certificatesPem: PDF_SIGNING_CERTIFICATE }
      : undefined;
  const source = fromEnv ? `env:${fromEnv.certificatesPem}` : `dir:${path.resolve(DATA_DIR)}`;
  let material = materials.get(source);
  if (!material) {
    material = (fromEnv ? Promise.resolve(fromEnv) : loadOrCreateDemoPdfSigningMaterial(path.resolve(DATA_DIR))).catch(
      (error: unknown) => {
        materials.delete(source);
        throw error;
      },
    );
    materials.set(source, material);
  }
  return material;
}

/** The PDF signer's certificate and its chain (PEM), published at /.well-known/issuer-certificate.pem. */
export async function issuerCertificatePem(): Promise<string> {
  return (await pdfSigningMaterial()).certificatesPem;
}
