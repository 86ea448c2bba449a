// Rotates the certificate signing key. Certificates signed before keep verifying: the old public key
// stays published in /.well-known/jwks.json with the period it was used.
//   npm run keys:rotate            embedded demo: archive DATA_DIR/signing-key.pem and make a new one
//   npm run keys:rotate -- --print print a new PKCS#8 PEM to put in SIGNING_KEY (deployments with DATABASE_URL)
// The running app picks the new key up when it restarts.
import path from "node:path";
import { generateSigningKeyPem, rotateKeyFile } from "~/modules/certificates/index.server";
import { env } from "~/utils/env.server";

if (process.argv.includes("--print")) {
  process.stdout.write(generateSigningKeyPem());
} else if (env().SIGNING_KEY) {
  console.error(
    "SIGNING_KEY is set: rotate by setting it to a new key (npm run keys:rotate -- --print) and restarting.",
  );
  process.exit(2);
} else {
  const { oldKid, newKid } = await rotateKeyFile(path.resolve(env().DATA_DIR));
  console.log(`Signing key rotated: ${oldKid} → ${newKid}. Restart the app to sign with the new key.`);
}
