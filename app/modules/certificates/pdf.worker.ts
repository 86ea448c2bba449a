// A worker thread that renders certificate PDFs, so a cohort's ZIP uses every core.
// Built to build/pdf-worker.js by scripts/build-server.mjs; see pdf-pool.server.ts.
import { parentPort } from "node:worker_threads";
import { renderCertificatePdf, type CertificatePdfOptions } from "./pdf.server";
import type { CertificateRecord } from "./record";

parentPort!.on(
  "message",
  async ({ id, record, options }: { id: number; record: CertificateRecord; options: CertificatePdfOptions }) => {
    try {
      const pdf = await renderCertificatePdf(record, options);
      // A fresh buffer: a small Buffer may sit in Node's shared pool, which cannot be transferred.
      const bytes = new Uint8Array(pdf);
      parentPort!.postMessage({ id, pdf: bytes }, [bytes.buffer]);
    } catch (error) {
      parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  },
);
