import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  DigestAlgorithmIdentifiers,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  id_data,
  id_signedData,
} from "@peculiar/asn1-cms";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { PNG } from "pngjs";
import { afterAll, describe, expect, test } from "vitest";
import { logoPng, redSealPng, signaturePng } from "../../../tests/setup/brand-images";
import { sampleRecord } from "../../../tests/setup/sample-record";
import { parseEnv } from "~/utils/env.server";
import {
  cadesSignature,
  generateDemoPdfSigningMaterial,
  loadOrCreateDemoPdfSigningMaterial,
  parseSigningMaterial,
  pdfSigningMaterialProblem,
} from "./pdf-signature.server";
import { renderCertificatePdf } from "./pdf.server";

// Poppler's tools (Debian's poppler-utils; .ci/run installs them) are the outside judges here.
for (const tool of ["pdfsig", "pdftoppm"]) {
  if (spawnSync(tool, ["-v"]).error) throw new Error(`${tool} is missing: apt-get install poppler-utils`);
}

const verifyUrl = "https://academy.example.cn/verify/7K3M9QX2PD";
const material = generateDemoPdfSigningMaterial();
const signature = {
  material,
  name: "TM Academy",
  reason: "Certificate TMA-2026-SX-J-00042 issued by TM Academy",
  location: "CN",
};
const dir = mkdtempSync(path.join(os.tmpdir(), "tma-pdfsig-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdfsig(pdf: Buffer): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  // pdfsig exits non-zero for an invalid signature; its report is what the test reads.
  const result = spawnSync("pdfsig", [file], { encoding: "utf8" });
  return result.stdout + result.stderr;
}

/** The CMS in the signature's /Contents. */
function embeddedCms(pdf: Buffer): SignedData {
  const text = pdf.toString("latin1");
  const match = /\/Contents\s*<([0-9a-fA-F]+)>/.exec(text.slice(text.indexOf("/ByteRange")));
  const der = Buffer.from(match![1]!.replace(/(00)+$/, ""), "hex");
  const info = AsnConvert.parse(der, ContentInfo);
  return AsnConvert.parse(info.content, SignedData);
}

describe("the PAdES signature on certificate PDFs", () => {
  test("pdfsig finds one valid ETSI.CAdES.detached signature over the whole document", async () => {
    const pdf = await renderCertificatePdf(sampleRecord(), { verifyUrl, signature });
    const report = pdfsig(pdf);
    expect(report).toContain("Signature Type: ETSI.CAdES.detached");
    expect(report).toContain("Signature Validation: Signature is Valid.");
    expect(report).toContain("Total document signed");
    expect(report).toContain("Signer Certificate Common Name: 技术经理人学院 TM Academy (demo certificate issuer)");
    expect(report).not.toMatch(/Syntax Error/);
  });

  test("the CMS is PAdES baseline B-B: content-type, message-digest and signing-certificate-v2, no signing-time", async () => {
    const pdf = await renderCertificatePdf(sampleRecord(), { verifyUrl, signature });
    const signed = embeddedCms(pdf);
    const attributes = signed.signerInfos[0]!.signedAttrs!.map((a) => a.attrType).sort();
    expect(attributes).toEqual(["1.2.840.113549.1.9.16.2.47", "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4"].sort());
    expect(signed.encapContentInfo.eContent).toBeUndefined(); // detached
    expect(signed.certificates).toHaveLength(1);
  });

  test("the CMS put together around parts encoded once is byte for byte what the ASN.1 schemas encode", () => {
    const parsed = parseSigningMaterial(material);
    const content = Buffer.from("the signed byte ranges of a PDF");
    const ours = cadesSignature(parsed, content);
    // The same SignedData through the schemas (RSA PKCS#1 v1.5 signatures are deterministic).
    const signerInfo = AsnConvert.parse(ours, ContentInfo).content;
    const theirsSigner = AsnConvert.parse(signerInfo, SignedData).signerInfos[0]!;
    const leaf = parsed.parsed[0]!;
    const reference = new SignedData({
      version: 1,
      digestAlgorithms: new DigestAlgorithmIdentifiers([
        new AlgorithmIdentifier({ algorithm: "2.16.840.1.101.3.4.2.1" }),
      ]),
      encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }),
      certificates: new CertificateSet(parsed.parsed.map((certificate) => new CertificateChoices({ certificate }))),
      signerInfos: new SignerInfos([
        new SignerInfo({
          version: 1,
          sid: new SignerIdentifier({
            issuerAndSerialNumber: new IssuerAndSerialNumber({
              issuer: leaf.tbsCertificate.issuer,
              serialNumber: leaf.tbsCertificate.serialNumber,
            }),
          }),
          digestAlgorithm: new AlgorithmIdentifier({ algorithm: "2.16.840.1.101.3.4.2.1" }),
          signedAttrs: theirsSigner.signedAttrs!.map(
            (a) => new Attribute({ attrType: a.attrType, attrValues: a.attrValues }),
          ),
          signatureAlgorithm: new AlgorithmIdentifier({ algorithm: "1.2.840.113549.1.1.1", parameters: null }),
          signature: new OctetString(theirsSigner.signature.buffer),
        }),
      ]),
    });
    const referenceDer = Buffer.from(
      AsnConvert.serialize(new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(reference) })),
    );
    expect(ours.equals(referenceDer)).toBe(true);
    // And the digest is the content's: a second content gives another signature.
    expect(cadesSignature(parsed, Buffer.from("other bytes")).equals(ours)).toBe(false);
  });

  test("an EC P-256 key and certificate from a certification body sign a PDF pdfsig accepts", async () => {
    const keyFile = path.join(dir, "ec-key.pem");
    const certificateFile = path.join(dir, "ec-certificate.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-sha256",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/C=CN/O=TM Academy/CN=EC issuer",
        "-keyout",
        keyFile,
        "-out",
        certificateFile,
      ],
      { stdio: "ignore" },
    );
    const ec = { keyPem: readFileSync(keyFile, "utf8"), certificatesPem: readFileSync(certificateFile, "utf8") };
    expect(pdfSigningMaterialProblem(ec)).toBeNull();
    const pdf = await renderCertificatePdf(sampleRecord(), { verifyUrl, signature: { ...signature, material: ec } });
    const report = pdfsig(pdf);
    expect(report).toContain("Signature Validation: Signature is Valid.");
    expect(report).toContain("Signer Certificate Common Name: EC issuer");
  });

  test("a one-byte change is reported", async () => {
    const pdf = await renderCertificatePdf(sampleRecord(), { verifyUrl, signature });
    const tampered = Buffer.from(pdf);
    // The holder's name sits in a compressed stream; the document information is plain text and just as signed.
    const at = tampered.indexOf("TM Academy");
    tampered[at] = "X".charCodeAt(0);
    const report = pdfsig(tampered);
    expect(report).not.toContain("Signature is Valid.");
    expect(report).toMatch(/Digest Mismatch|Signature is Invalid/);
  });

  test("a certificate chain from the environment: both variables or neither, and the certificate must be the key's", () => {
    const other = generateDemoPdfSigningMaterial("Another issuer");
    const env = parseEnv({
      PDF_SIGNING_KEY: material.keyPem.replace(/\n/g, "\\n"),
      PDF_SIGNING_CERTIFICATE: material.certificatesPem,
    });
    expect(env.PDF_SIGNING_KEY).toBe(material.keyPem);
    expect(() => parseEnv({ PDF_SIGNING_KEY: material.keyPem })).toThrow(
      /PDF_SIGNING_CERTIFICATE: PDF_SIGNING_KEY and PDF_SIGNING_CERTIFICATE go together/,
    );
    expect(() =>
      parseEnv({ PDF_SIGNING_KEY: material.keyPem, PDF_SIGNING_CERTIFICATE: other.certificatesPem }),
    ).toThrow(/PDF_SIGNING_CERTIFICATE: the first certificate is not PDF_SIGNING_KEY's/);
    expect(() => parseEnv({ PDF_SIGNING_KEY: "not a key", PDF_SIGNING_CERTIFICATE: material.certificatesPem })).toThrow(
      /PDF_SIGNING_KEY: must be a PEM private key/,
    );
    expect(
      pdfSigningMaterialProblem({
        keyPem: material.keyPem,
        certificatesPem: other.certificatesPem + material.certificatesPem,
      }),
    ).toMatch(/not the key's/);
    expect(
      pdfSigningMaterialProblem({
        keyPem: material.keyPem,
        certificatesPem: material.certificatesPem + other.certificatesPem,
      }),
    ).toBeNull();
  });

  test("the demo makes its pair once and keeps it", async () => {
    const first = await loadOrCreateDemoPdfSigningMaterial(dir);
    const again = await loadOrCreateDemoPdfSigningMaterial(dir);
    expect(again).toEqual(first);
    expect(readFileSync(path.join(dir, "pdf-signing.pem"), "utf8")).toContain("BEGIN CERTIFICATE");
  });
});

/** The page rendered by Poppler at 36 dpi (half a pixel a point): red pixels' count and centre, in points. */
function redPixels(pdf: Buffer) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  execFileSync("pdftoppm", ["-png", "-r", "36", "-singlefile", file, file]);
  const png = PNG.sync.read(readFileSync(`${file}.png`));
  const scale = 72 / 36;
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < png.height; y++)
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      if (r > 180 && g < 110 && b < 110) {
        n++;
        sx += x;
        sy += y;
      }
    }
  return { count: n, x: n ? (sx / n) * scale : 0, y: n ? (sy / n) * scale : 0 };
}

describe("a certificate with the center's branding", () => {
  test("the seal is stamped over the issuer's name, the body's over the date; logo and signatory appear", async () => {
    const plain = redPixels(await renderCertificatePdf(sampleRecord(), { verifyUrl }));
    expect(plain.count).toBe(0);

    const branded = await renderCertificatePdf(sampleRecord(), {
      verifyUrl,
      signature,
      branding: {
        seal: { data: redSealPng(), type: "image/png" },
        logo: { data: logoPng(), type: "image/png" },
        signature: { data: signaturePng(), type: "image/png" },
        signatoryName: "王建国",
      },
    });
    expect(pdfsig(branded)).toContain("Signature is Valid.");
    const center = redPixels(branded);
    // The issuer column: x 56–296 pt from the left, in the lower third of the 595 pt page.
    expect(center.count).toBeGreaterThan(500);
    expect(center.x).toBeGreaterThan(90);
    expect(center.x).toBeLessThan(260);
    expect(center.y).toBeGreaterThan(400);
    expect(center.y).toBeLessThan(560);

    const both = redPixels(
      await renderCertificatePdf(sampleRecord(), {
        verifyUrl,
        branding: {
          seal: { data: redSealPng(), type: "image/png" },
          bodySeal: { data: redSealPng(), type: "image/png" },
        },
      }),
    );
    // Two seals side by side: twice the red, its centre moved right toward the date column (x 296–486 pt).
    expect(both.count).toBeGreaterThan(center.count * 1.6);
    expect(both.x).toBeGreaterThan(center.x + 60);
  });
});
