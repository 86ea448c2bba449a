import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { singleton } from "~/utils/singleton.server";
import { renderCertificatePdf, type CertificatePdfOptions } from "./pdf.server";
import type { CertificateRecord } from "./record";

export type PdfRenderer = ((record: CertificateRecord, options: CertificatePdfOptions) => Promise<Uint8Array>) & {
  concurrency: number;
};

/** The built worker script; absent in tests and `remix vite:dev`, where rendering stays in-process. */
export const PDF_WORKER_SCRIPT = path.resolve("build/pdf-worker.js");

/** Each render worker's young generation, in MB (above what V8 would choose by default). */
const YOUNG_GENERATION_MB = 64;

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
      // A larger young generation than V8's default: a render allocates about 15 MB that dies young, and fewer
      // scavenges cost about 6 % less CPU per PDF (29.5 → 27.7 ms with the GC threads; 2 workers × 100 PDFs, 5 runs).
      const worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      worker.unref();
      worker.on("message", (message: { id: number; pdf?: Uint8Array; error?: string }) => {
        const job = this.jobs.get(message.id);
        // Only a render's answer frees the worker (the warm-up is not answered).
        if (!job) return;
        this.jobs.delete(message.id);
        if (message.pdf) job.resolve(message.pdf);
        else job.reject(new Error(message.error ?? "PDF rendering failed"));
        this.idle.push(worker);
        this.pump();
      });
      worker.on("error", (error) => {
        for (const job of this.jobs.values()) job.reject(error);
        this.jobs.clear();
      });
      this.workers.push(worker);
      this.idle.push(worker);
      // Its fonts loaded (a first render, about a second) before a ZIP waits for it, beside any job meanwhile.
      worker.postMessage({ warm: true });
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

// One pool per process, whichever copy of this module asks (the server's job, the Remix build's ZIP route): one
// set of workers and fonts, not two.
const workers = singleton("pdf-pool", () => ({ pool: undefined as PdfWorkerPool | undefined }));

/**
 * Renders with the worker pool when the build has one and the machine has cores to spare; else in-process. The
 * pool starts at the first render, not when a renderer is asked for: the certificate-pdfs job asks every minute,
 * mostly with nothing to render, and the workers' warm-up (about a second of each core) must not land in the
 * middle of an exam that began after a restart (bench/exam.mjs saw saves wait 2 s).
 */
export function pdfRenderer(): PdfRenderer {
  const cores = availableParallelism();
  if (cores > 1 && existsSync(PDF_WORKER_SCRIPT)) {
    return Object.assign(
      (record: CertificateRecord, options: CertificatePdfOptions) =>
        (workers.pool ??= new PdfWorkerPool(PDF_WORKER_SCRIPT, cores)).render(record, options),
      { concurrency: cores },
    );
  }
  return Object.assign(
    async (record: CertificateRecord, options: CertificatePdfOptions) =>
      new Uint8Array(await renderCertificatePdf(record, options)),
    {
      concurrency: 1,
    },
  );
}
