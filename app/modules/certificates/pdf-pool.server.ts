import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { renderCertificatePdf, type CertificatePdfOptions } from "./pdf.server";
import type { CertificateRecord } from "./record";

export type PdfRenderer = ((record: CertificateRecord, options: CertificatePdfOptions) => Promise<Uint8Array>) & {
  concurrency: number;
};

/** The built worker script; absent in tests and `remix vite:dev`, where rendering stays in-process. */
export const PDF_WORKER_SCRIPT = path.resolve("build/pdf-worker.js");

interface Job {
  resolve: (pdf: Uint8Array) => void;
  reject: (error: Error) => void;
}

/** A fixed set of render workers, one per core, each given the next job as it frees up. */
class PdfWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { id: number; record: CertificateRecord; options: CertificatePdfOptions }[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;

  constructor(script: string, size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script);
      worker.unref();
      worker.on("message", (message: { id: number; pdf?: Uint8Array; error?: string }) => {
        const job = this.jobs.get(message.id);
        this.jobs.delete(message.id);
        if (message.pdf) job?.resolve(message.pdf);
        else job?.reject(new Error(message.error ?? "PDF rendering failed"));
        this.idle.push(worker);
        this.pump();
      });
      worker.on("error", (error) => {
        for (const job of this.jobs.values()) job.reject(error);
        this.jobs.clear();
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  get size() {
    return this.workers.length;
  }

  render(record: CertificateRecord, options: CertificatePdfOptions): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.jobs.set(id, { resolve, reject });
      this.queue.push({ id, record, options });
      this.pump();
    });
  }

  private pump() {
    while (this.idle.length && this.queue.length) this.idle.pop()!.postMessage(this.queue.shift()!);
  }
}

let pool: PdfWorkerPool | undefined;

/** Renders with the worker pool when the build has one and the machine has cores to spare; else in-process. */
export function pdfRenderer(): PdfRenderer {
  const cores = availableParallelism();
  if (cores > 1 && existsSync(PDF_WORKER_SCRIPT)) {
    pool ??= new PdfWorkerPool(PDF_WORKER_SCRIPT, cores);
    const p = pool;
    return Object.assign((record: CertificateRecord, options: CertificatePdfOptions) => p.render(record, options), {
      concurrency: p.size,
    });
  }
  return Object.assign(
    async (record: CertificateRecord, options: CertificatePdfOptions) =>
      new Uint8Array(await renderCertificatePdf(record, options)),
    {
      concurrency: 1,
    },
  );
}
