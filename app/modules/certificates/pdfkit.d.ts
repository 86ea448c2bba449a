// pdfkit ships no types; only what pdf-images.server.ts (and its test) use is declared.
declare module "pdfkit" {
  class PDFDocument {
    constructor(options?: { compress?: boolean; info?: Record<string, unknown> });
    image(src: Buffer, x: number, y: number, options?: { width?: number; height?: number }): this;
    end(): void;
    on(event: "data", listener: (chunk: Buffer) => void): this;
    on(event: "end", listener: () => void): this;
  }
  export default PDFDocument;
}
