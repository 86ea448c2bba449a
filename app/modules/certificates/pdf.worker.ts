// A worker thread that renders certificate PDFs, so a cohort's ZIP uses every core.
// Built to build/pdf-worker.js by scripts/build-server.mjs; see pdf-pool.server.ts.
import { parentPort } from "node:worker_threads";
import { renderCertificatePdf, type CertificatePdfOptions } from "./pdf.server";
import { type CertificateRecord, sampleRecord } from "./record";

/** A certificate rendered once and thrown away: the fonts are parsed (about a second) before real work comes. */
const WARM_UP = sampleRecord({ holderName: "预热 WARM-UP", centerNameZh: "预热", centerNameEn: "Warm-up" });

type Message =
  { warm: true } | { warm?: undefined; id: number; record: CertificateRecord; options: CertificatePdfOptions };

parentPort!.on("message", async (message: Message) => {
  if (message.warm) {
    // Not answered: the pool does not wait for it. A failure here shows at the first real render.
    await renderCertificatePdf(WARM_UP, { verifyUrl: `https://example.invalid/verify/${WARM_UP.code}` }).catch(
      () => {},
    );
    return;
  }
  const { id, record, options } = message;
  try {
    const pdf = await renderCertificatePdf(record, options);
    // A fresh buffer: a small Buffer may sit in Node's shared pool, which cannot be transferred.
    const bytes = new Uint8Array(pdf);
    parentPort!.postMessage({ id, pdf: bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
