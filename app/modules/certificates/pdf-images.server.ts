// Brand images embedded once per process instead of once per PDF. pdfkit (under react-pdf) decodes a PNG with
// transparency, splits its alpha channel into a soft mask and deflates both again in every document: about half of
// a branded certificate's render time (docs/performance.md). The same logo, seals and signature go on every
// certificate of a center, so the objects pdfkit writes for an image are recorded once and written again as they
// were: the PDF's content stays the same, only the work is not repeated.
import { createHash } from "node:crypto";
import PDFDocument from "pdfkit";
import type { BrandImage } from "./branding";

/** The part of a pdfkit reference that embedding an image uses. */
interface Ref {
  data: Record<string, unknown>;
  end(chunk?: Uint8Array): void;
}
interface Doc {
  ref(data?: Record<string, unknown>): Ref;
  _imageCount: number;
}
interface PdfkitImage {
  width: number;
  height: number;
  label: string;
  obj: Ref | null;
  embed(document: Doc): void;
}

/** An image's objects as pdfkit wrote them: created in `order`, written (ended) in `ends`. */
interface Recorded {
  width: number;
  height: number;
  refs: { data: Record<string, unknown>; stream?: Uint8Array }[];
  /** Indexes into `refs`, in the order they were ended. */
  ends: number[];
}

class RecordedRef implements Ref {
  stream?: Uint8Array;
  constructor(
    readonly data: Record<string, unknown>,
    readonly index: number,
    private readonly onEnd: (ref: RecordedRef) => void,
  ) {}
  end(chunk?: Uint8Array) {
    if (chunk) this.stream = chunk;
    this.onEnd(this);
  }
}

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const isPng = (bytes: Uint8Array) => PNG_SIGNATURE.every((b, i) => bytes[i] === b);

// By content hash (a few dozen centers' images; the oldest goes first).
const recorded = new Map<string, Promise<Recorded | null>>();
const KEPT = 64;
const keyOf = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64");

type Prototype = { openImage(this: Doc, src: unknown): PdfkitImage };
const prototype = (PDFDocument as unknown as { prototype: Prototype }).prototype;
const openImage = prototype.openImage;

/** pdfkit's own embedding of the image, into a stand-in document that keeps what is written. */
function record(bytes: Uint8Array): Promise<Recorded | null> {
  return new Promise((resolve) => {
    const refs: RecordedRef[] = [];
    const ends: number[] = [];
    let image: PdfkitImage;
    const done = () => resolve({ width: image.width, height: image.height, refs, ends: ends.slice() });
    const onEnd = (ref: RecordedRef) => {
      ends.push(ref.index);
      // The image's own object is ended last (after its mask, parameters and palette).
      if (ref === refs[0]) done();
    };
    const standIn = {
      _imageRegistry: {},
      _imageCount: 0,
      ref: (data: Record<string, unknown> = {}) => {
        const ref = new RecordedRef(data, refs.length, onEnd);
        refs.push(ref);
        return ref;
      },
    };
    try {
      image = openImage.call(standIn as unknown as Doc, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      image.embed(standIn as unknown as Doc);
    } catch {
      // Left to pdfkit at render time, as before (it reports the error there).
      resolve(null);
    }
  });
}

/** A value of a recorded dictionary with the recorded references swapped for the document's. */
function mapRefs(value: unknown, real: Ref[]): unknown {
  if (value instanceof RecordedRef) return real[value.index];
  if (Array.isArray(value)) return value.map((v) => mapRefs(v, real));
  return value;
}

/** The recorded image as pdfkit's image object, writing its objects into `document` when embedded. */
function replayed(image: Recorded, label: string): PdfkitImage {
  return {
    width: image.width,
    height: image.height,
    label,
    obj: null,
    embed(document: Doc) {
      // Created in the recorded order, so the image's own object comes first as in pdfkit, each with its
      // dictionary from the start (a reference created without /Filter would deflate the stream a second time).
      const real = image.refs.map(({ data }) => document.ref({ ...data }));
      image.refs.forEach(({ data }, i) => {
        for (const [key, value] of Object.entries(data)) real[i]!.data[key] = mapRefs(value, real);
      });
      for (const i of image.ends) real[i]!.end(image.refs[i]!.stream);
      this.obj = real[0]!;
    },
  };
}

const ready = new Map<string, Recorded>();
let installed = false;

function install() {
  if (installed) return;
  installed = true;
  prototype.openImage = function (this: Doc, src: unknown) {
    if (src instanceof Uint8Array && ready.size && isPng(src)) {
      const known = ready.get(keyOf(src));
      if (known) return replayed(known, `I${++this._imageCount}`);
    }
    return openImage.call(this, src);
  };
}

/**
 * Makes the next renders embed these PNGs from the recording (JPEGs pdfkit embeds as they are, cheaply). Call
 * before rendering a PDF that carries them; an image not prepared is embedded by pdfkit as usual.
 */
export async function preparePdfImages(images: (BrandImage | null | undefined)[]): Promise<void> {
  install();
  await Promise.all(
    images.map(async (image) => {
      if (!image || image.type !== "image/png" || !isPng(image.data)) return;
      const key = keyOf(image.data);
      if (ready.has(key)) return;
      let pending = recorded.get(key);
      if (!pending) {
        pending = record(image.data);
        if (recorded.size >= KEPT) {
          const oldest = recorded.keys().next().value!;
          recorded.delete(oldest);
          ready.delete(oldest);
        }
        recorded.set(key, pending);
      }
      const result = await pending;
      if (result && recorded.has(key)) ready.set(key, result);
    }),
  );
}
