import { once } from "node:events";
import { createRequire } from "node:module";
import { pipeline } from "node:stream/promises";
import {
  Document,
  Font,
  Image,
  Page,
  Path,
  Rect,
  StyleSheet,
  Svg,
  Text,
  View,
  renderToBuffer,
} from "@react-pdf/renderer";
import archiver from "archiver";
import type { BrandImage, CertificateBranding } from "./branding";
import type { HolderPrint } from "./holder";
import { preparePdfImages } from "./pdf-images.server";
import { signPdf, type PdfSignatureDetails, type PdfSigningMaterial } from "./pdf-signature.server";
import { qrSvgPath } from "./qr.server";
import type { CertificateRecord } from "./record";
import { groupCode } from "./verification-code";

const FAMILY = "Noto Sans SC";
const NAVY = "#1B2F5E";
const GOLD = "#B08D3C";
const INK = "#1F2937";
const MUTED = "#5B6474";
const PAPER = "#FDFBF5";

const CJK = /[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF]/u;
const CJK_OR_OTHER_RUN = /[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF]|[^\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF]+/gu;

/**
 * react-pdf breaks lines only between "words", and a run of Chinese is one word to it: a line too
 * long is cut off silently. Each Han character becomes its own syllable; the empty strings between
 * them become zero-width glue, i.e. break points without the hyphen a plain syllable split would add.
 */
export function splitCjk(word: string): string[] {
  if (!CJK.test(word)) return [word];
  const parts: string[] = [];
  for (const piece of word.match(CJK_OR_OTHER_RUN) ?? []) {
    if (parts.length) parts.push("");
    parts.push(piece);
  }
  return parts;
}

/** A fontkit font as far as the memo below uses it: its shaping of a string into glyphs and positions. */
interface ShapingFont {
  layout: (text: string, ...options: unknown[]) => { glyphs: unknown[]; positions: object[] };
}

/** Shaped runs kept per font weight: a certificate has about 45, most the same on every certificate. */
const LAYOUTS_KEPT = 4000;
const memoized = new WeakSet<object>();

/**
 * Shaping a run of text (fontkit's layout: OpenType substitution and positioning) took about a tenth of a render,
 * and the labels, titles and footer are shaped again on every certificate. The font remembers each run it shaped;
 * the caller gets arrays of its own each time, as from fontkit (textkit scales and slices them).
 */
function memoizeLayout(font: ShapingFont | null | undefined): void {
  if (!font || memoized.has(font)) return;
  memoized.add(font);
  const layout = font.layout.bind(font);
  const runs = new Map<string, ReturnType<ShapingFont["layout"]>>();
  font.layout = (text, ...options) => {
    const key = JSON.stringify([text, ...options]);
    let run = runs.get(key);
    if (run) runs.delete(key);
    else {
      run = layout(text, ...options);
      if (runs.size >= LAYOUTS_KEPT) runs.delete(runs.keys().next().value!);
    }
    runs.set(key, run);
    const copy = Object.create(Object.getPrototypeOf(run) as object) as typeof run;
    return Object.assign(copy, run, { glyphs: run.glyphs.slice(), positions: run.positions.map((p) => ({ ...p })) });
  };
}

const WEIGHTS = [400, 700] as const;
let fontsReady: Promise<void> | undefined;
function registerFonts(): Promise<void> {
  fontsReady ??= (async () => {
    const require = createRequire(import.meta.url);
    Font.register({
      family: FAMILY,
      fonts: [
        {
          src: require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"),
          fontWeight: 400,
        },
        { src: require.resolve("@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf"), fontWeight: 700 },
      ],
    });
    Font.registerHyphenationCallback(splitCjk);
    // Parsed once (react-pdf keeps them), then their shaping memoized.
    for (const fontWeight of WEIGHTS) {
      await Font.load({ fontFamily: FAMILY, fontWeight });
      memoizeLayout(Font.getFont({ fontFamily: FAMILY, fontWeight }).data as ShapingFont | null);
    }
  })().catch((error: unknown) => {
    fontsReady = undefined;
    throw error;
  });
  return fontsReady;
}

/** The name's size: 34pt, smaller for long names so that one line of at most ~560pt holds it. */
export function holderFontSize(name: string): number {
  // Em widths: a Han character is square, a Latin letter about half as wide.
  const ems = [...name].reduce((sum, char) => sum + (CJK.test(char) ? 1 : 0.55), 0);
  return Math.max(14, Math.min(34, Math.floor(560 / Math.max(ems, 1))));
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function dateParts(isoDate: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new Error(`Not a date: "${isoDate}"`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** "2026-11-27" → "2026年11月27日" */
export function formatDateZh(isoDate: string): string {
  const [year, month, day] = dateParts(isoDate);
  return `${year}年${month}月${day}日`;
}

/** "2026-11-27" → "27 Nov 2026" */
export function formatDateEn(isoDate: string): string {
  const [year, month, day] = dateParts(isoDate);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

const styles = StyleSheet.create({
  page: { backgroundColor: PAPER, fontFamily: FAMILY, color: INK, fontSize: 10 },
  frameOuter: { position: "absolute", top: 16, left: 16, right: 16, bottom: 16, borderWidth: 4, borderColor: NAVY },
  frameInner: { position: "absolute", top: 25, left: 25, right: 25, bottom: 25, borderWidth: 1, borderColor: GOLD },
  frameHairline: {
    position: "absolute",
    top: 29,
    left: 29,
    right: 29,
    bottom: 29,
    borderWidth: 0.5,
    borderColor: GOLD,
  },
  body: {
    position: "absolute",
    top: 44,
    left: 56,
    right: 56,
    bottom: 40,
    flexDirection: "column",
    alignItems: "center",
    justifyContent: "space-between",
  },
  header: { alignItems: "center" },
  middle: { alignItems: "center" },
  bottom: { width: "100%" },
  academy: { fontSize: 9, color: GOLD, letterSpacing: 3 },
  title: { fontSize: 30, fontWeight: 700, color: NAVY, letterSpacing: 6, marginTop: 6 },
  titleLatin: { fontSize: 24, fontWeight: 700, color: NAVY, letterSpacing: 1, marginTop: 6 },
  subtitle: { fontSize: 13, color: NAVY, letterSpacing: 4, marginTop: 2 },
  subtitleLatin: { fontSize: 13, color: NAVY, letterSpacing: 1, marginTop: 2 },
  divider: { flexDirection: "row", alignItems: "center", marginTop: 10 },
  dividerLine: { width: 110, height: 0.8, backgroundColor: GOLD },
  dividerDiamond: { width: 6, height: 6, marginHorizontal: 8, backgroundColor: GOLD, transform: "rotate(45deg)" },
  lead: { fontSize: 10.5, color: MUTED },
  holder: {
    fontSize: 34,
    fontWeight: 700,
    color: INK,
    marginTop: 4,
    paddingHorizontal: 40,
    paddingBottom: 2,
    borderBottomWidth: 0.8,
    borderBottomColor: GOLD,
    textAlign: "center",
  },
  levelRow: { flexDirection: "row", alignItems: "flex-end", marginTop: 6 },
  levelPrimary: { fontSize: 20, fontWeight: 700, color: NAVY },
  levelSecondary: { fontSize: 12.5, color: NAVY, marginLeft: 10, marginBottom: 3 },
  // Columns are bottom-aligned with justifyContent, not the row's alignItems: "flex-end", under which
  // react-pdf measures their text at about half its width and wraps it early.
  details: { flexDirection: "row", justifyContent: "space-between", width: "100%" },
  // Fixed widths: a column left to shrink would break its text one character per line.
  columnWide: { width: 240, paddingRight: 16, justifyContent: "flex-end" },
  column: { width: 190, paddingRight: 16, justifyContent: "flex-end" },
  field: { marginBottom: 7 },
  label: { fontSize: 7.5, color: GOLD, letterSpacing: 0.5 },
  value: { fontSize: 10, fontWeight: 700, color: INK },
  valueSecondary: { fontSize: 8.5, color: MUTED },
  qrBox: { alignItems: "center", justifyContent: "flex-end", marginBottom: 6 },
  qr: { width: 86, height: 86 },
  qrCaption: { fontSize: 7, color: MUTED, marginTop: 2 },
  footer: { fontSize: 7.5, color: MUTED, textAlign: "center", marginTop: 6 },
  // The center's logo, top left inside the frame.
  logo: { position: "absolute", top: 42, left: 48, width: 120, height: 54, objectFit: "contain", objectPositionX: 0 },
  // Seals are stamped over the issuer's name and the date, as on Chinese certificates: about 38 mm across,
  // partly covering the text (their transparency lets it show through).
  seal: { position: "absolute", width: 108, height: 108, objectFit: "contain" },
  signatory: { flexDirection: "row", alignItems: "flex-end", marginBottom: 7 },
  signatureImage: { width: 96, height: 30, objectFit: "contain", objectPositionX: 0 },
  // The holder's photo: a 1-inch ID photo (25 × 35 mm), right of the holder block, as Chinese certificates carry it.
  photo: {
    position: "absolute",
    top: 150,
    right: 84,
    width: 71,
    height: 99,
    objectFit: "cover",
    borderWidth: 0.8,
    borderColor: GOLD,
  },
  samplePhoto: { backgroundColor: "#E5E7EB", alignItems: "center", justifyContent: "center" },
  samplePhotoText: { fontSize: 8, color: MUTED, textAlign: "center" },
  idNumber: { fontSize: 10.5, color: INK, marginTop: 6, letterSpacing: 0.5 },
});

export type CertificateLanguage = "zh" | "en";

export interface CertificatePdfOptions {
  verifyUrl: string;
  /** Which language leads where both are shown; Chinese by default. */
  language?: CertificateLanguage;
  /** The center's logo, seal and signatory, the body's seal. */
  branding?: CertificateBranding;
  /** The holder's photo and masked ID-card number, when the certification body has them printed. */
  holder?: HolderPrint;
  /** Sign the PDF (PAdES) with this key and certificate. */
  signature?: PdfSignatureDetails & { material: PdfSigningMaterial };
}

/** react-pdf's image source; after a worker's structured clone the bytes are a Uint8Array, not a Buffer. */
function imageSource(image: BrandImage) {
  return {
    data: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength),
    format: image.type === "image/png" ? ("png" as const) : ("jpg" as const),
  };
}

function Field({ label, primary, secondary }: { label: string; primary: string; secondary?: string }) {
  return (
    <View style={styles.field}>
      <Text style={styles.label}>{label}</Text>
      <Text style={styles.value}>{primary}</Text>
      {secondary ? <Text style={styles.valueSecondary}>{secondary}</Text> : null}
    </View>
  );
}

function certificateDocument(
  record: CertificateRecord,
  { verifyUrl, language = "zh", branding = {}, holder = {} }: CertificatePdfOptions,
) {
  const qr = qrSvgPath(verifyUrl);
  // Both languages always appear; `language` decides which one leads.
  const lead = (zh: string, en: string): [string, string] => (language === "zh" ? [zh, en] : [en, zh]);
  const [title, titleSecondary] = lead("技术经理人职业能力证书", "Certificate of Technology Manager Competence");
  const [center, centerSecondary] = lead(record.centerNameZh, record.centerNameEn);
  const [region, regionSecondary] = lead(record.regionNameZh, record.regionNameEn);
  const [issued, issuedSecondary] = lead(formatDateZh(record.issuedOn), formatDateEn(record.issuedOn));
  const [expires, expiresSecondary] = record.expiresOn
    ? lead(formatDateZh(record.expiresOn), formatDateEn(record.expiresOn))
    : lead("长期有效", "No expiry");
  const [certify, certifySecondary] = lead("兹证明", "This is to certify that");
  const [awarded, awardedSecondary] = lead(
    "经考核合格，取得",
    "has passed the assessment and is awarded the certificate of",
  );
  const [levelCertificate, levelCertificateSecondary] = lead(`${record.levelNameZh}证书`, record.levelNameEn);

  return (
    <Document
      title={`技术经理人职业能力证书 ${record.serial}`}
      author="技术经理人学院 TM Academy"
      subject={`${record.holderName} · ${record.levelNameZh} ${record.levelNameEn}`}
      keywords={`${record.serial} ${groupCode(record.code)}`}
      creator="TM Academy"
      producer="TM Academy"
      language={language === "zh" ? "zh-CN" : "en"}
    >
      <Page size="A4" orientation="landscape" style={styles.page}>
        <View style={styles.frameOuter} />
        <View style={styles.frameInner} />
        <View style={styles.frameHairline} />
        {branding.logo ? <Image style={styles.logo} src={imageSource(branding.logo)} /> : null}
        {holder.photo ? (
          <Image style={styles.photo} src={imageSource(holder.photo)} />
        ) : holder.samplePhoto ? (
          <View style={{ ...styles.photo, ...styles.samplePhoto }}>
            <Text style={styles.samplePhotoText}>{"照片\nPHOTO"}</Text>
          </View>
        ) : null}
        <View style={styles.body}>
          <View style={styles.header}>
            <Text style={styles.academy}>技术经理人学院 · TM ACADEMY</Text>
            <Text style={language === "zh" ? styles.title : styles.titleLatin}>{title}</Text>
            <Text style={language === "zh" ? styles.subtitleLatin : styles.subtitle}>{titleSecondary}</Text>
            <View style={styles.divider}>
              <View style={styles.dividerLine} />
              <View style={styles.dividerDiamond} />
              <View style={styles.dividerLine} />
            </View>
          </View>
          <View style={styles.middle}>
            <Text style={styles.lead}>{`${certify}  ${certifySecondary}`}</Text>
            <Text style={{ ...styles.holder, fontSize: holderFontSize(record.holderName) }}>{record.holderName}</Text>
            {holder.idNumberMasked ? (
              <Text style={styles.idNumber}>{`身份证号 ID No.  ${holder.idNumberMasked}`}</Text>
            ) : null}
            <Text style={{ ...styles.lead, marginTop: 12 }}>{`${awarded}  ${awardedSecondary}`}</Text>
            <View style={styles.levelRow}>
              <Text style={styles.levelPrimary}>{levelCertificate}</Text>
              <Text style={styles.levelSecondary}>{levelCertificateSecondary}</Text>
            </View>
          </View>
          <View style={styles.bottom}>
            <View style={styles.details}>
              <View style={styles.columnWide}>
                {branding.signatoryName || branding.signature ? (
                  <View style={styles.signatory}>
                    <View>
                      <Text style={styles.label}>负责人 SIGNATORY</Text>
                      {branding.signature ? (
                        <Image style={styles.signatureImage} src={imageSource(branding.signature)} />
                      ) : null}
                      {branding.signatoryName ? <Text style={styles.value}>{branding.signatoryName}</Text> : null}
                    </View>
                  </View>
                ) : null}
                <Field label="颁证机构 ISSUED BY" primary={center} secondary={centerSecondary} />
                <Field label="所属地区 REGION" primary={region} secondary={regionSecondary} />
                {branding.seal ? (
                  <Image style={{ ...styles.seal, left: 40, bottom: 4 }} src={imageSource(branding.seal)} />
                ) : null}
              </View>
              <View style={styles.column}>
                <Field label="颁发日期 DATE OF ISSUE" primary={issued} secondary={issuedSecondary} />
                <Field label="有效期至 VALID UNTIL" primary={expires} secondary={expiresSecondary} />
                {branding.bodySeal ? (
                  <Image style={{ ...styles.seal, left: 30, bottom: 4 }} src={imageSource(branding.bodySeal)} />
                ) : null}
              </View>
              <View style={styles.column}>
                <Field label="证书编号 SERIAL NO." primary={record.serial} />
                <Field label="核验码 VERIFICATION CODE" primary={groupCode(record.code)} />
              </View>
              <View style={styles.qrBox}>
                <Svg style={styles.qr} viewBox={`0 0 ${qr.size} ${qr.size}`}>
                  <Rect x={0} y={0} width={qr.size} height={qr.size} fill="#FFFFFF" />
                  <Path d={qr.path} fill="#000000" />
                </Svg>
                <Text style={styles.qrCaption}>扫码核验 Scan to verify</Text>
              </View>
            </View>
            <Text style={styles.footer}>
              {`扫描二维码或访问 ${verifyUrl} 核验本证书 · Scan the QR code or visit the address to verify this certificate`}
            </Text>
          </View>
        </View>
      </Page>
    </Document>
  );
}

/** One certificate as a one-page A4 landscape PDF, with the fonts subset into it; signed when asked. */
export async function renderCertificatePdf(record: CertificateRecord, options: CertificatePdfOptions): Promise<Buffer> {
  await registerFonts();
  // The center's and the body's images are the same on every certificate: embedded from one recording.
  const { logo, seal, signature, bodySeal } = options.branding ?? {};
  await preparePdfImages([logo, seal, signature, bodySeal]);
  const pdf = await renderToBuffer(certificateDocument(record, options));
  if (!options.signature) return pdf;
  const { material, ...details } = options.signature;
  return signPdf(pdf, material, details);
}

export interface ZipEntry {
  record: CertificateRecord;
  verifyUrl: string;
  /** The name inside the ZIP, e.g. "TMA-2026-SX-J-00042.pdf" */
  fileName: string;
  language?: CertificateLanguage;
  branding?: CertificateBranding;
  holder?: HolderPrint;
  signature?: CertificatePdfOptions["signature"];
  /** The stored PDF, when there is a current one (pdf-store.server.ts); otherwise the entry is rendered. */
  stored?: () => Promise<Uint8Array | undefined>;
  /** Keeps a freshly rendered PDF for the next time. */
  keep?: (pdf: Uint8Array) => Promise<void>;
}

/**
 * Many certificates as one ZIP streamed to `output` (an HTTP response, a file). Stored PDFs are streamed as
 * they are; the others are rendered, a few ahead, each waiting for the archive to take the one before, so
 * memory holds a few PDFs however many there are. PDFs are compressed already: entries are stored, not deflated.
 */
export async function renderCertificatesZip(
  entries: ZipEntry[],
  output: NodeJS.WritableStream,
  render: ((record: CertificateRecord, options: CertificatePdfOptions) => Promise<Uint8Array | Buffer>) & {
    concurrency?: number;
  } = renderCertificatePdf,
): Promise<void> {
  const names = new Set<string>();
  for (const { fileName } of entries) {
    if (names.has(fileName)) throw new Error(`Two entries are named "${fileName}"`);
    names.add(fileName);
  }
  const archive = archiver("zip", { store: true });
  const written = pipeline(archive, output);
  // Handled from the start: the output may fail while a PDF is rendering, before anything awaits it.
  written.catch(() => {});
  // With a worker pool, a few PDFs render ahead while the archive takes them in order.
  const ahead = Math.max(1, (render.concurrency ?? 1) * 2);
  const pending: Promise<Uint8Array | Buffer>[] = [];
  const start = (i: number) => {
    const entry = entries[i];
    if (!entry) return;
    // Only the render options go to the renderer (a worker cannot take functions).
    const { record, fileName: _name, stored, keep, ...options } = entry;
    const pdf = (async () => {
      const bytes = await stored?.();
      if (bytes) return bytes;
      const rendered = await render(record, options);
      await keep?.(new Uint8Array(rendered.buffer, rendered.byteOffset, rendered.byteLength));
      return rendered;
    })();
    // Marked handled now; the loop still sees the failure when it awaits this PDF.
    pdf.catch(() => {});
    pending.push(pdf);
  };
  try {
    for (let i = 0; i < ahead; i++) start(i);
    for (const [i, entry] of entries.entries()) {
      const pdf = await pending.shift()!;
      start(i + ahead);
      const taken = once(archive, "entry");
      archive.append(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), { name: entry.fileName });
      // A failed output (the client went away) ends the loop instead of rendering the rest for nobody.
      await Promise.race([taken, written]);
    }
    await archive.finalize();
    await written;
  } catch (error) {
    archive.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}
