import { describe, expect, test } from "vitest";
import { actorFor, makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/index.server";
import { createCase } from "~/modules/portfolio/index.server";
import { forged, samples } from "../setup/evidence-samples";
import * as reviewRoute from "~/routes/manage.organizations.$orgId.portfolio";
import * as caseRoute from "~/routes/portfolio.$caseId";
import * as evidenceRoute from "~/routes/portfolio.evidence.$evidenceId";
import { db } from "~/utils/db.server";

const BASE = "http://localhost:3000";

/** What a Remix handler returned: a Response, or data() with its status. */
async function outcome(
  run: () => Promise<unknown>,
): Promise<{ status: number; body: unknown; headers: Headers; bytes?: Uint8Array }> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response)
    return {
      status: value.status,
      body: null,
      bytes: new Uint8Array(await value.arrayBuffer()),
      headers: value.headers,
    };
  const wrapped = value as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (wrapped?.type === "DataWithResponseInit")
    return { status: wrapped.init?.status ?? 200, body: wrapped.data, headers: new Headers() };
  return { status: 200, body: value, headers: new Headers() };
}

async function cookieOf(userId: string) {
  const { token } = await createSession(await db(), userId);
  return `tma_session=${token}`;
}

function upload(url: string, cookie: string, files: { name: string; bytes: Uint8Array; type: string }[]) {
  const body = new FormData();
  body.append("intent", "upload");
  for (const f of files) body.append("files", new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
  return new Request(url, { method: "POST", headers: { Cookie: cookie }, body });
}

async function world() {
  const d = await db();
  const region = await makeRegion(d);
  const [center, other] = [await makeOrganization(d, region.id), await makeOrganization(d, region.id)];
  const trainee = await makeUser(d, { role: "trainee", organizationId: center.id });
  const caseId = await createCase(d, await actorFor(d, trainee.id), {
    title: "专利许可案例",
    contractType: "licence",
    registrationNo: null,
    amountFen: 100_000,
    role: "技术经理人",
    startedOn: "2025-01-01",
    endedOn: null,
    description:
      "某高校课题组的一项专利经需求调研后许可给本地一家装备企业实施，我负责对接、尽调与谈判，约定入门费加提成。",
  });
  return {
    center,
    caseId,
    trainee,
    staff: await makeUser(d, { role: "center_staff", organizationId: center.id }),
    otherStaff: await makeUser(d, { role: "center_staff", organizationId: other.id }),
  };
}

describe("evidence through the routes", () => {
  test("a PDF claimed as a PDF is kept; an HTML page with a .pdf name and a PDF type is refused with the reason", async () => {
    const { caseId, trainee } = await world();
    const cookie = await cookieOf(trainee.id);
    const url = `${BASE}/portfolio/${caseId}`;
    const params = { caseId };
    const refused = await outcome(() =>
      caseRoute.action({
        request: upload(url, cookie, [{ name: "合同.pdf", bytes: forged.html, type: "application/pdf" }]),
        params,
        context: {},
      }),
    );
    expect(refused).toMatchObject({
      status: 400,
      body: { kind: "evidence", error: { key: "portfolio.errors.fileType", values: { file: "合同.pdf" } } },
    });
    const kept = await outcome(() =>
      caseRoute.action({
        request: upload(url, cookie, [{ name: "合同.pdf", bytes: samples.pdf, type: "application/pdf" }]),
        params,
        context: {},
      }),
    );
    expect(kept).toMatchObject({
      status: 200,
      body: { kind: "evidence", message: { key: "portfolio.evidence.uploaded", values: { count: 1 } } },
    });
  });

  test("the download is an attachment of the sniffed type, never sniffed again by the browser, for the center's staff but not another's", async () => {
    const { caseId, trainee, staff, otherStaff } = await world();
    const url = `${BASE}/portfolio/${caseId}`;
    await caseRoute.action({
      request: upload(url, await cookieOf(trainee.id), [
        { name: "现场照片.pdf", bytes: samples.png, type: "application/pdf" },
      ]),
      params: { caseId },
      context: {},
    });
    const loaded = (await caseRoute.loader({
      request: new Request(url, { headers: { Cookie: await cookieOf(trainee.id) } }),
      params: { caseId },
      context: {},
    })) as {
      evidence: { id: string; fileName: string }[];
    };
    const [file] = loaded.evidence;
    // Stored as what it is: the name follows the content.
    expect(file!.fileName).toBe("现场照片.png");
    const anonymous = await outcome(() =>
      evidenceRoute.loader({
        request: new Request(`${BASE}/portfolio/evidence/${file!.id}`),
        params: { evidenceId: file!.id },
        context: {},
      }),
    );
    expect(anonymous.status).toBe(302);
    const asStaff = async (userId: string) =>
      outcome(async () =>
        evidenceRoute.loader({
          request: new Request(`${BASE}/portfolio/evidence/${file!.id}`, {
            headers: { Cookie: await cookieOf(userId) },
          }),
          params: { evidenceId: file!.id },
          context: {},
        }),
      );
    const ok = await asStaff(staff.id);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Content-Type")).toBe("image/png");
    expect(ok.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(ok.headers.get("Content-Disposition")).toBe(
      `attachment; filename="evidence.png"; filename*=UTF-8''${encodeURIComponent("现场照片.png")}`,
    );
    expect([...ok.bytes!]).toEqual([...samples.png]);
    expect((await asStaff(otherStaff.id)).status).toBe(404);
    const malformed = await outcome(async () =>
      evidenceRoute.loader({
        request: new Request(`${BASE}/portfolio/evidence/nope`, { headers: { Cookie: await cookieOf(staff.id) } }),
        params: { evidenceId: "nope" },
        context: {},
      }),
    );
    expect(malformed.status).toBe(404);
  });
});

describe("the review page", () => {
  test("another center's staff get 403; returning without a comment says a comment is needed", async () => {
    const { center, caseId, staff, otherStaff } = await world();
    const url = `${BASE}/manage/organizations/${center.id}/portfolio`;
    const params = { orgId: center.id };
    const refused = await outcome(async () =>
      reviewRoute.loader({
        request: new Request(url, { headers: { Cookie: await cookieOf(otherStaff.id) } }),
        params,
        context: {},
      }),
    );
    expect(refused.status).toBe(403);
    const body = new FormData();
    body.append("intent", "return");
    body.append("caseId", caseId);
    body.append("comment", "  ");
    const noComment = await outcome(async () =>
      reviewRoute.action({
        request: new Request(url, { method: "POST", headers: { Cookie: await cookieOf(staff.id) }, body }),
        params,
        context: {},
      }),
    );
    expect(noComment).toMatchObject({
      status: 400,
      body: { kind: "review", caseId, error: "portfolio.errors.returnComment" },
    });
  });
});
