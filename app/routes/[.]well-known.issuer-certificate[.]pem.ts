import { issuerCertificatePem } from "~/modules/certificates/index.server";

/** The X.509 certificate (then its chain) that signs certificate PDFs, for checking their PAdES signature offline. Public. */
export async function loader() {
  return new Response(await issuerCertificatePem(), {
    headers: {
      "Content-Type": "application/x-pem-file",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
