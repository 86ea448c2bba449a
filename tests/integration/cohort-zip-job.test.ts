import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { certificatePdfs, certificates, certificateZipRuns, cohortMembers, cohorts } from "#db/schema";
import { syncFixtureContent } from "../setup/content-fixture";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/index.server";
import {
  issueCertificate,
  pdfRenderer,
  renderCertificatePdfs,
  revokeCertificate,
  ZIP_RENDER_INLINE_MAX,
} from "~/modules/certificates/index.server";
import * as pageRoute from "~/routes/manage.organizations.$orgId.cohorts.$cohortId_.certificates";
import * as zipRoute from "~/routes/manage.organizations.$orgId.cohorts.$cohortId_.certificates[.]zip";
import { db } from "~/utils/db.server";

// Poppler's pdfsig (Debian's poppler-utils; .ci/run installs it) judges each PDF's signature from outside.
if (spawnSync("pdfsig", ["-v"]).error) throw new Error("pdfsig is missing: apt-get install poppler-utils");

beforeAll(() => syncFixtureContent());
const dir = mkdtempSync(path.join(os.tmpdir(), "tma-zip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = "http://localhost:3000";
const context = {} as never;

/** The files of a ZIP, from its central directory (the archive's entries are stored, not deflated). */
function unzipStored(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    expect(method).toBe(0);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    files.set(name, zip.subarray(dataAt, dataAt + size));
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

function pdfsig(pdf: Buffer): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const result = spawnSync("pdfsig", [file], { encoding: "utf8" });
  return result.stdout + result.stderr;
}

async function world(members = 3) {
  const d = await db();
  const region = await makeRegion(d);
  const center = await makeOrganization(d, region.id);
  const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
  const [cohort] = await d
    .insert(cohorts)
    .values({
      centerId: center.id,
      levelSlug: "junior",
      name: "2027年第2期初级班",
      startsOn: "2027-03-01",
      endsOn: "2027-06-30",
      capacity: 30,
    })
    .returning();
  const certificateIds: string[] = [];
  for (let i = 0; i < members; i++) {
    const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
    await d.insert(cohortMembers).values({ cohortId: cohort!.id, userId: trainee.id });
    const { certificateId } = await issueCertificate(d, {
      userId: trainee.id,
      levelSlug: "junior",
      centerId: center.id,
      issuedAt: new Date(),
      issuedBy: null,
    });
    certificateIds.push(certificateId);
  }
  const session = async (userId: string) => `tma_session=${(await createSession(d, userId)).token}`;
  const cookie = await session(staff.id);
  const path = `/manage/organizations/${center.id}/cohorts/${cohort!.id}`;
  const get = (url: string, as = cookie) => new Request(`${BASE}${url}`, { headers: { Cookie: as } });
  const prepare = (as = cookie) =>
    new Request(`${BASE}${path}/certificates`, {
      method: "POST",
      headers: { Cookie: as, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "prepare" }),
    });
  const params = { orgId: center.id, cohortId: cohort!.id };
  return { d, region, center, cohortId: cohort!.id, certificateIds, session, get, prepare, params, path };
}

async function download(w: Awaited<ReturnType<typeof world>>) {
  const response = await zipRoute.loader({ request: w.get(`${w.path}/certificates.zip`), params: w.params, context });
  expect(response.headers.get("Content-Type")).toBe("application/zip");
  return unzipStored(Buffer.from(await response.arrayBuffer()));
}

async function status(response: Promise<unknown>): Promise<number> {
  try {
    const answer = await response;
    if (answer instanceof Response) {
      await answer.body?.cancel();
      return answer.status;
    }
    return 200;
  } catch (thrown) {
    return (thrown as Response).status;
  }
}

type Renderer = Parameters<typeof renderCertificatePdfs>[1];

/**
 * The real renderer, counting the renders of these certificates (the job also renders other tests' recent ones)
 * and letting each wait on `before` (its number among them) first.
 */
async function watchedRenderer(
  w: Awaited<ReturnType<typeof world>>,
  before: (n: number) => Promise<void> = async () => {},
) {
  const serials = new Set(
    (
      await w.d
        .select({ serial: certificates.serial })
        .from(certificates)
        .where(inArray(certificates.id, w.certificateIds))
    ).map((c) => c.serial),
  );
  const real = pdfRenderer();
  const counted = { renders: 0 };
  const render: Renderer = Object.assign(
    async (...args: Parameters<Renderer>) => {
      if (serials.has(args[0].serial)) await before(++counted.renders);
      return real(...args);
    },
    { concurrency: real.concurrency },
  );
  return { render, counted };
}

async function keptOf(w: Awaited<ReturnType<typeof world>>) {
  return (
    await w.d
      .select({ id: certificatePdfs.certificateId })
      .from(certificatePdfs)
      .where(inArray(certificatePdfs.certificateId, w.certificateIds))
  ).length;
}

describe("the cohort's certificates ZIP from kept PDFs", () => {
  test("holds each current certificate's PDF with a valid signature; the second download serves the kept bytes", async () => {
    const w = await world(3);
    const admin = await actorFor(w.d, (await makeUser(w.d, { role: "platform_admin" })).id);
    await revokeCertificate(w.d, admin, w.certificateIds[2]!, "测试撤销");
    const first = await download(w);
    expect(first.size).toBe(2);
    for (const pdf of first.values()) expect(pdfsig(pdf)).toContain("Signature Validation: Signature is Valid.");
    // Kept once per certificate; the revoked one is neither in the ZIP nor rendered.
    const kept = await w.d
      .select({ id: certificatePdfs.certificateId })
      .from(certificatePdfs)
      .where(inArray(certificatePdfs.certificateId, w.certificateIds));
    expect(kept.map((k) => k.id).sort()).toEqual(w.certificateIds.slice(0, 2).sort());
    // A fresh render would carry another signing time: equal bytes are the kept PDFs.
    const second = await download(w);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [name, pdf] of second) expect(pdf.equals(first.get(name)!)).toBe(true);
  });

  test("a cohort's PDFs prepared by the job: progress on the page, one run for two clicks, then the download", async () => {
    const w = await world(3);
    const before = await pageRoute.loader({ request: w.get(`${w.path}/certificates`), params: w.params, context });
    expect(before).toMatchObject({ total: 3, stored: 0, run: null });
    await expect(pageRoute.action({ request: w.prepare(), params: w.params, context })).rejects.toMatchObject({
      status: 302,
    });
    // A second click while it runs starts nothing new.
    await expect(pageRoute.action({ request: w.prepare(), params: w.params, context })).rejects.toMatchObject({
      status: 302,
    });
    const runs = await w.d.select().from(certificateZipRuns).where(eq(certificateZipRuns.cohortId, w.cohortId));
    expect(runs).toHaveLength(1);
    const running = await pageRoute.loader({ request: w.get(`${w.path}/certificates`), params: w.params, context });
    expect(running).toMatchObject({ ready: false, run: { state: "running", done: 0, total: 3 } });
    // The page refreshes itself while the job works.
    const meta = pageRoute.meta({ data: running, matches: [] } as never);
    expect(meta).toContainEqual({ httpEquiv: "refresh", content: "3" });

    // Two workers at once: one claims the preparation, the other finds nothing to claim.
    const [a, b] = await Promise.all([
      renderCertificatePdfs(w.d, pdfRenderer()),
      renderCertificatePdfs(w.d, pdfRenderer()),
    ]);
    expect(a.runs + b.runs).toBe(1);
    const renderedAt = await w.d
      .select({ id: certificatePdfs.certificateId, at: certificatePdfs.renderedAt })
      .from(certificatePdfs)
      .where(inArray(certificatePdfs.certificateId, w.certificateIds));
    expect(renderedAt).toHaveLength(3);
    // A later run finds nothing left and renders nothing again.
    expect(await renderCertificatePdfs(w.d, pdfRenderer())).toMatchObject({ runs: 0, recent: 0 });
    const again = await w.d
      .select({ id: certificatePdfs.certificateId, at: certificatePdfs.renderedAt })
      .from(certificatePdfs)
      .where(inArray(certificatePdfs.certificateId, w.certificateIds));
    expect(again).toEqual(renderedAt);

    const done = await pageRoute.loader({ request: w.get(`${w.path}/certificates`), params: w.params, context });
    expect(done).toMatchObject({ ready: true, stored: 3, run: { state: "done", done: 3, total: 3 } });
    expect(pageRoute.meta({ data: done, matches: [] } as never)).not.toContainEqual(
      expect.objectContaining({ httpEquiv: "refresh" }),
    );
    const files = await download(w);
    expect(files.size).toBe(3);
    for (const pdf of files.values()) expect(pdfsig(pdf)).toContain("Signature Validation: Signature is Valid.");
  });

  test("a large cohort's ZIP is not rendered while the browser waits: the download leads to the progress page", async () => {
    const w = await world(ZIP_RENDER_INLINE_MAX + 1);
    const response = await status(
      zipRoute.loader({ request: w.get(`${w.path}/certificates.zip`), params: w.params, context }),
    );
    expect(response).toBe(302);
    const page = await pageRoute.loader({ request: w.get(`${w.path}/certificates`), params: w.params, context });
    expect(page).toMatchObject({ total: ZIP_RENDER_INLINE_MAX + 1, stored: 0, ready: false, run: null });
  });

  test("a large cohort's preparation shows its progress while it runs, then every PDF is in the download", async () => {
    const total = ZIP_RENDER_INLINE_MAX + 1;
    const w = await world(total);
    await expect(pageRoute.action({ request: w.prepare(), params: w.params, context })).rejects.toMatchObject({
      status: 302,
    });
    // The renders stop half-way until the page has shown progress.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { render } = await watchedRenderer(w, async (n) => {
      if (n > total / 2) await held;
    });
    const job = renderCertificatePdfs(w.d, render);
    const page = () => pageRoute.loader({ request: w.get(`${w.path}/certificates`), params: w.params, context });
    const end = Date.now() + 20_000;
    for (;;) {
      const { run } = await page();
      if (run && run.done > 0) {
        expect(run).toMatchObject({ state: "running", total });
        expect(run.done).toBeLessThan(total);
        break;
      }
      if (Date.now() > end) throw new Error("no progress shown");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    release();
    expect((await job).runs).toBe(1);
    expect(await page()).toMatchObject({ ready: true, stored: total, run: { state: "done", done: total, total } });
    expect((await download(w)).size).toBe(total);
  });

  test("a failed preparation says so; the next one renders only the PDFs the first did not keep", async () => {
    const total = ZIP_RENDER_INLINE_MAX + 1;
    const w = await world(total);
    await expect(pageRoute.action({ request: w.prepare(), params: w.params, context })).rejects.toMatchObject({
      status: 302,
    });
    const failing = await watchedRenderer(w, async (n) => {
      if (n === 15) throw new Error("the seal image is damaged");
    });
    await expect(renderCertificatePdfs(w.d, failing.render)).rejects.toThrow("the seal image is damaged");
    const page = () => pageRoute.loader({ request: w.get(`${w.path}/certificates`), params: w.params, context });
    const failed = await page();
    expect(failed).toMatchObject({ run: { state: "failed" } });
    const kept = await keptOf(w);
    expect(kept).toBeGreaterThanOrEqual(14);
    expect(failed.stored).toBe(kept);

    await expect(pageRoute.action({ request: w.prepare(), params: w.params, context })).rejects.toMatchObject({
      status: 302,
    });
    const second = await watchedRenderer(w);
    expect((await renderCertificatePdfs(w.d, second.render)).runs).toBe(1);
    expect(second.counted.renders).toBe(total - kept);
    expect(await page()).toMatchObject({ ready: true, stored: total, run: { state: "done", done: total, total } });
  });

  test("another center's staff can neither see the progress, start the job nor download", async () => {
    const w = await world(1);
    const other = await makeOrganization(w.d, w.region.id);
    const outsider = await w.session((await makeUser(w.d, { role: "center_staff", organizationId: other.id })).id);
    const refused = [
      await status(pageRoute.loader({ request: w.get(`${w.path}/certificates`, outsider), params: w.params, context })),
      await status(pageRoute.action({ request: w.prepare(outsider), params: w.params, context })),
      await status(
        zipRoute.loader({ request: w.get(`${w.path}/certificates.zip`, outsider), params: w.params, context }),
      ),
    ];
    for (const code of refused) expect([403, 404]).toContain(code);
    expect(await w.d.select().from(certificateZipRuns).where(eq(certificateZipRuns.cohortId, w.cohortId))).toEqual([]);
  });
});
