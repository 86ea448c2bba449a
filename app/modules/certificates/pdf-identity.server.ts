import path from "node:path";
import { env } from "~/utils/env.server";
import { loadOrCreateDemoPdfSigningMaterial, type PdfSigningMaterial } from "./pdf-signature.server";

let material: Promise<PdfSigningMaterial> | undefined;

/** What signs certificate PDFs: PDF_SIGNING_KEY and PDF_SIGNING_CERTIFICATE, or (embedded demo) the pair in DATA_DIR. */
export function pdfSigningMaterial(): Promise<PdfSigningMaterial> {
  const { PDF_SIGNING_KEY, PDF_SIGNING_CERTIFICATE, DATA_DIR } = env();
  material ??= (
    PDF_SIGNING_KEY && PDF_SIGNING_CERTIFICATE
      ? Promise.resolve({ keyPem: PDF_SIGNING_KEY, certificatesPem: PDF_SIGNING_CERTIFICATE })
      : loadOrCreateDemoPdfSigningMaterial(path.resolve(DATA_DIR))
  ).catch((error: unknown) => {
    material = undefined;
    throw error;
  });
  return material;
}

/** The PDF signer's certificate and its chain (PEM), published at /.well-known/issuer-certificate.pem. */
export async function issuerCertificatePem(): Promise<string> {
  return (await pdfSigningMaterial()).certificatesPem;
}
