// The PAdES signature over a certificate PDF (ETSI EN 319 142-1, baseline B-B): a CMS SignedData, detached,
// with the signed attributes content-type, message-digest and signing-certificate-v2 and no signing-time
// (PAdES takes the time from the signature dictionary's /M). @signpdf adds the placeholder and fills it;
// the CMS is built with Peculiar Ventures' ASN.1 schemas and signed with node:crypto.
import {
  X509Certificate,
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  Attribute,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignerIdentifier,
  DigestAlgorithmIdentifiers,
  id_data,
  id_signedData,
} from "@peculiar/asn1-cms";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  GeneralName,
  GeneralNames,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
} from "@peculiar/asn1-x509";
import { plainAddPlaceholder } from "@signpdf/placeholder-plain";
import { SignPdf } from "@signpdf/signpdf";
import { SUBFILTER_ETSI_CADES_DETACHED, Signer } from "@signpdf/utils";
import * as asn1js from "asn1js";

const OID = {
  sha256: "2.16.840.1.101.3.4.2.1",
  rsaEncryption: "1.2.840.113549.1.1.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
};

/** What signs certificate PDFs: a private key and its X.509 certificate, then the chain up to the root (PEM). */
export interface PdfSigningMaterial {
  keyPem: string;
  certificatesPem: string;
}

export interface ParsedMaterial {
  key: KeyObject;
  /** DER of the signer's certificate first, then the chain. */
  certificates: Buffer[];
  /** The same, parsed (once: parsing costs milliseconds). */
  parsed: Certificate[];
}

/** Every PEM certificate block of a text, in order. */
export function pemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** Why a key and certificate chain cannot sign PDFs, or null when they can. For the environment check. */
export function pdfSigningMaterialProblem(material: PdfSigningMaterial): string | null {
  let key: KeyObject;
  try {
    key = createPrivateKey(material.keyPem);
  } catch {
    return "the key is not a PEM private key";
  }
  if (key.asymmetricKeyType !== "rsa" && key.asymmetricKeyType !== "ec") return "the key must be RSA or EC (P-256)";
  const pems = pemCertificates(material.certificatesPem);
  if (!pems.length) return "no PEM certificate found";
  try {
    const leaf = new X509Certificate(pems[0]!);
    if (!leaf.checkPrivateKey(key))
      return "the first certificate is not the key's (put the signer's certificate first, then its chain)";
    pems.slice(1).forEach((pem) => new X509Certificate(pem));
  } catch {
    return "a certificate does not parse";
  }
  return null;
}

const parsedCache = new Map<string, ParsedMaterial>();
export function parseSigningMaterial(material: PdfSigningMaterial): ParsedMaterial {
  const cacheKey = material.keyPem + material.certificatesPem;
  let parsed = parsedCache.get(cacheKey);
  if (!parsed) {
    const certificates = pemCertificates(material.certificatesPem).map((pem) =>
      Buffer.from(new X509Certificate(pem).raw),
    );
    parsed = {
      key: createPrivateKey(material.keyPem),
      certificates,
      parsed: certificates.map((der) => AsnConvert.parse(der, Certificate)),
    };
    parsedCache.set(cacheKey, parsed);
  }
  return parsed;
}

const derOf = (value: unknown) => Buffer.from(AsnConvert.serialize(value));
const arrayBufferOf = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** signing-certificate-v2 (RFC 5035): the SHA-256 of the signer's certificate (the default hash) with its issuer and serial. */
function signingCertificateV2(certificate: Certificate, der: Buffer): ArrayBuffer {
  const issuerSerial = new asn1js.Sequence({
    value: [
      asn1js.fromBER(derOf(new GeneralNames([new GeneralName({ directoryName: certificate.tbsCertificate.issuer })])))
        .result,
      new asn1js.Integer({ valueHex: certificate.tbsCertificate.serialNumber }),
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [
      new asn1js.OctetString({ valueHex: arrayBufferOf(createHash("sha256").update(der).digest()) }),
      issuerSerial,
    ],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] }).toBER();
}

/** A DER element: the tag, the definite length, the content. */
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length =
    n < 0x80
      ? Buffer.from([n])
      : n < 0x100
        ? Buffer.from([0x81, n])
        : n < 0x10000
          ? Buffer.from([0x82, n >> 8, n & 0xff])
          : Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

const SEQUENCE = 0x30;
const SET = 0x31;
const OCTET_STRING = 0x04;
const CONTEXT_0 = 0xa0;
const VERSION_1 = Buffer.from([0x02, 0x01, 0x01]);

/** The parts of a signer's CMS that are the same in every signature, encoded once. */
interface CmsParts {
  key: KeyObject;
  sid: Buffer;
  digestAlgorithm: Buffer;
  signatureAlgorithm: Buffer;
  digestAlgorithms: Buffer;
  encapContentInfo: Buffer;
  certificates: Buffer;
  signedDataType: Buffer;
  contentTypeAttribute: Buffer;
  signingCertificateAttribute: Buffer;
  /** The message-digest attribute with a zero digest: the SHA-256 of the signed bytes goes in its last 32 bytes. */
  messageDigestAttribute: Buffer;
}

const cmsPartsCache = new WeakMap<ParsedMaterial, CmsParts>();

/**
 * Encoding the certificates and names through the ASN.1 schemas took most of a signature's time (about 5 ms a
 * PDF); they do not change between signatures, so they are encoded once per signer and the CMS is put together
 * around them. The structure is what the schemas encode (pdf-signature.server.test.ts compares the two).
 */
function cmsParts(material: ParsedMaterial): CmsParts {
  let parts = cmsPartsCache.get(material);
  if (parts) return parts;
  const { key, certificates, parsed } = material;
  const leaf = parsed[0]!;
  const ec = key.asymmetricKeyType === "ec";
  const attribute = (attrType: string, value: ArrayBuffer) => derOf(new Attribute({ attrType, attrValues: [value] }));
  const zeroDigest = new asn1js.OctetString({ valueHex: new ArrayBuffer(32) }).toBER();
  parts = {
    key,
    sid: derOf(
      new SignerIdentifier({
        issuerAndSerialNumber: new IssuerAndSerialNumber({
          issuer: leaf.tbsCertificate.issuer,
          serialNumber: leaf.tbsCertificate.serialNumber,
        }),
      }),
    ),
    digestAlgorithm: derOf(new AlgorithmIdentifier({ algorithm: OID.sha256 })),
    signatureAlgorithm: derOf(
      ec
        ? new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSha256 })
        : new AlgorithmIdentifier({ algorithm: OID.rsaEncryption, parameters: null }),
    ),
    digestAlgorithms: derOf(new DigestAlgorithmIdentifiers([new AlgorithmIdentifier({ algorithm: OID.sha256 })])),
    encapContentInfo: derOf(new EncapsulatedContentInfo({ eContentType: id_data })),
    // The certificates as they were issued (DER), not re-encoded.
    certificates: Buffer.concat(certificates),
    signedDataType: Buffer.from(new asn1js.ObjectIdentifier({ value: id_signedData }).toBER()),
    contentTypeAttribute: attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: id_data }).toBER()),
    signingCertificateAttribute: attribute(OID.signingCertificateV2, signingCertificateV2(leaf, certificates[0]!)),
    messageDigestAttribute: attribute(OID.messageDigest, zeroDigest),
  };
  cmsPartsCache.set(material, parts);
  return parts;
}

/** The CMS SignedData (in a ContentInfo) of a detached signature over `content`. */
export function cadesSignature(material: ParsedMaterial, content: Buffer): Buffer {
  const parts = cmsParts(material);
  const messageDigest = Buffer.from(parts.messageDigestAttribute);
  createHash("sha256")
    .update(content)
    .digest()
    .copy(messageDigest, messageDigest.length - 32);
  // DER's SET OF is sorted by encoding; what is signed is the attributes under the SET tag (RFC 5652 §5.4).
  const attributes = [parts.contentTypeAttribute, messageDigest, parts.signingCertificateAttribute].sort(
    Buffer.compare,
  );
  const signature = sign("sha256", der(SET, ...attributes), parts.key);
  const signerInfo = der(
    SEQUENCE,
    VERSION_1,
    parts.sid,
    parts.digestAlgorithm,
    der(CONTEXT_0, ...attributes),
    parts.signatureAlgorithm,
    der(OCTET_STRING, signature),
  );
  const signedData = der(
    SEQUENCE,
    VERSION_1,
    parts.digestAlgorithms,
    parts.encapContentInfo,
    der(CONTEXT_0, parts.certificates),
    der(SET, signerInfo),
  );
  return der(SEQUENCE, parts.signedDataType, der(CONTEXT_0, signedData));
}

/** A detached CAdES signature (CMS SignedData) over the bytes @signpdf hands it. */
class CadesSigner extends Signer {
  constructor(private readonly material: ParsedMaterial) {
    super();
  }

  override async sign(content: Buffer): Promise<Buffer> {
    return cadesSignature(this.material, content);
  }
}

const signPdfLibrary = new SignPdf();

export interface PdfSignatureDetails {
  /** The signer's name as a PDF reader shows it. */
  name: string;
  reason: string;
  location: string;
  signingTime?: Date;
}

/** The PDF with a PAdES-B-B signature (SubFilter ETSI.CAdES.detached) covering all of it but the signature. */
export async function signPdf(
  pdf: Buffer,
  material: PdfSigningMaterial,
  details: PdfSignatureDetails,
): Promise<Buffer> {
  const parsed = parseSigningMaterial(material);
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: details.reason,
    contactInfo: "",
    name: details.name,
    location: details.location,
    signingTime: details.signingTime,
    // The CMS holds the certificates and one signature; 4 KiB covers the attributes and a 4096-bit RSA signature.
    signatureLength: parsed.certificates.reduce((sum, der) => sum + der.length, 0) + 4096,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: "TM-Academy", // a PDF name: no spaces
  });
  return signPdfLibrary.sign(withPlaceholder, new CadesSigner(parsed), details.signingTime);
}

const NAME_OIDS: Record<string, string> = { CN: "2.5.4.3", O: "2.5.4.10", C: "2.5.4.6" };

/** An X.501 name from [type, value] pairs; the country as PrintableString, the rest as UTF8String (Chinese names). */
function x501Name(parts: [keyof typeof NAME_OIDS, string][]): Name {
  return new Name(
    parts.map(
      ([type, value]) =>
        new RelativeDistinguishedName([
          new AttributeTypeAndValue({
            type: NAME_OIDS[type]!,
            value: new AttributeValue(type === "C" ? { printableString: value } : { utf8String: value }),
          }),
        ]),
    ),
  );
}

/**
 * A self-signed certificate for the embedded demo's PDF signatures: RSA-2048 with SHA-256, ten years, key
 * usage digitalSignature and nonRepudiation (content commitment), as a document signing certificate carries.
 */
export function generateDemoPdfSigningMaterial(
  commonName = "技术经理人学院 TM Academy (demo certificate issuer)",
): PdfSigningMaterial {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const name = x501Name([
    ["C", "CN"],
    ["O", "TM Academy"],
    ["CN", commonName],
  ]);
  const sha256WithRsa = new AlgorithmIdentifier({ algorithm: "1.2.840.113549.1.1.11", parameters: null });
  const now = Date.now();
  const serial = randomBytes(16);
  // A positive INTEGER with a non-zero first byte: a leading 0x00 before a byte under 0x80 is not minimal DER,
  // and OpenSSL then refuses the certificate (1 run in 256 failed so).
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const extension = (extnID: string, critical: boolean, value: unknown) =>
    new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: arrayBufferOf(serial),
    signature: sha256WithRsa,
    issuer: name,
    validity: new Validity({
      notBefore: new Date(now - 24 * 3600_000),
      notAfter: new Date(now + 10 * 365 * 24 * 3600_000),
    }),
    subject: name,
    subjectPublicKeyInfo: AsnConvert.parse(publicKey.export({ type: "spki", format: "der" }), SubjectPublicKeyInfo),
    extensions: new Extensions([
      extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })),
      extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation)),
      extension(
        id_ce_subjectKeyIdentifier,
        false,
        new SubjectKeyIdentifier(
          arrayBufferOf(
            createHash("sha1")
              .update(publicKey.export({ type: "pkcs1", format: "der" }))
              .digest(),
          ),
        ),
      ),
    ]),
  });
  const tbsDer = derOf(tbs);
  const certificate = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: sha256WithRsa,
    signatureValue: arrayBufferOf(sign("sha256", tbsDer, privateKey)),
  });
  const certificatePem = new X509Certificate(derOf(certificate)).toString();
  return { keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), certificatesPem: certificatePem };
}

/**
 * The demo's material in DATA_DIR/pdf-signing.pem (the key, then the certificate), made the first time. One
 * file created exclusively: two processes starting together end up with the same pair.
 */
export async function loadOrCreateDemoPdfSigningMaterial(dataDir: string): Promise<PdfSigningMaterial> {
  const file = path.join(dataDir, "pdf-signing.pem");
  if (!existsSync(file)) {
    const material = generateDemoPdfSigningMaterial();
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, material.keyPem + material.certificatesPem, { mode: 0o600, flag: "wx" }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      },
    );
  }
  const text = await readFile(file, "utf8");
  const keyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(text)?.[0];
  if (!keyPem) throw new Error(`${file} holds no PKCS#8 private key`);
  return { keyPem: keyPem + "\n", certificatesPem: pemCertificates(text).join("\n") + "\n" };
}
