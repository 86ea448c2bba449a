// /achievements/<level>: the id every credential's achievement carries answers people with a page and
// machines with the Open Badges 3.0 Achievement (JSON-LD), by the Accept header; badge images per level.
import { readFileSync } from "node:fs";
import Ajv2019 from "ajv/dist/2019";
import addFormats from "ajv-formats";
import type { EntryContext } from "@remix-run/node";
import { beforeAll, describe, expect, test } from "vitest";
import { syncFixtureContent } from "../setup/content-fixture";
import * as page from "~/routes/achievements.$level";
import * as png from "~/routes/achievements.$level.badge[.]png";
import * as svg from "~/routes/achievements.$level.badge[.]svg";
import { publicUrl } from "~/utils/env.server";
import { linkedDataResponse } from "~/utils/linked-data.server";
import { prefersJsonLd } from "~/utils/negotiate.server";

beforeAll(() => syncFixtureContent());

const BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
const args = (level: string, accept = BROWSER) =>
  ({
    request: new Request(`${publicUrl()}/achievements/${level}`, { headers: { Accept: accept } }),
    params: { level },
    context: {},
  }) as never;

/** What Remix hands entry.server.tsx after the achievement page's loader ran. */
async function negotiated(level: string, accept: string) {
  const loaded = (await page.loader(args(level, accept))) as unknown as { data: Record<string, unknown> };
  const context = {
    staticHandlerContext: {
      matches: [{ route: { id: "routes/achievements.$level" } }],
      loaderData: { "routes/achievements.$level": loaded.data },
    },
  };
  return {
    loaded: loaded.data,
    response: linkedDataResponse(
      new Request(`${publicUrl()}/achievements/${level}`, { headers: { Accept: accept } }),
      200,
      new Headers(),
      context as unknown as EntryContext,
    ),
  };
}

describe("achievement pages", () => {
  test("a browser gets the page; a verifier asking for JSON-LD gets an Achievement that 1EdTech's schema accepts", async () => {
    expect(prefersJsonLd(new Request("http://x/", { headers: { Accept: BROWSER } }))).toBe(false);
    expect(prefersJsonLd(new Request("http://x/", { headers: { Accept: "application/ld+json" } }))).toBe(true);
    expect(prefersJsonLd(new Request("http://x/", { headers: { Accept: "application/json, text/html;q=0.5" } }))).toBe(
      true,
    );

    const html = await negotiated("junior", BROWSER);
    expect(html.response).toBeNull();
    const facts = html.loaded.achievement as {
      name: { zh: string; en: string };
      criteria: { zh: string; en: string }[];
      validityYears: number;
    };
    expect(facts.name).toEqual({ zh: "初级", en: "Junior" });
    // Criteria come from the level rules: required courses, study hours and the exam's pass mark.
    expect(facts.criteria.map((c) => c.zh).join("\n")).toMatch(/学习时长不少于 [\d.]+ 小时/);
    expect(facts.criteria.map((c) => c.en).join("\n")).toMatch(/pass mark \d+%/);

    const machine = await negotiated("junior", "application/ld+json");
    expect(machine.response!.headers.get("Content-Type")).toBe("application/ld+json");
    expect(machine.response!.headers.get("Vary")).toBe("Accept");
    const jsonLd = (await machine.response!.json()) as Record<string, unknown>;
    expect(jsonLd).toMatchObject({
      id: `${publicUrl()}/achievements/junior`,
      type: ["Achievement"],
      achievementType: "Certification",
      image: { id: `${publicUrl()}/achievements/junior/badge.png`, type: "Image" },
    });
    expect((jsonLd.criteria as { narrative: string }).narrative).toContain("学习时长不少于");

    const schema = JSON.parse(
      readFileSync(
        new URL("../fixtures/open-badges-3.0/ob_v3p0_achievementcredential_schema.json", import.meta.url),
        "utf8",
      ),
    );
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addSchema(schema);
    const validate = ajv.getSchema(`${schema.$id}#/$defs/Achievement`)!;
    const { "@context": _context, ...achievement } = jsonLd;
    expect(validate(achievement), JSON.stringify(validate.errors)).toBe(true);
  });

  test("an unknown level is a 404", async () => {
    await expect(page.loader(args("expert"))).rejects.toMatchObject({ status: 404 });
    await expect(svg.loader(args("expert"))).rejects.toMatchObject({ status: 404 });
  });

  test("each level has a badge image, as SVG and as PNG", async () => {
    // The test content has two levels (content/levels.yaml has three).
    for (const level of ["junior", "intermediate"]) {
      const image = (await svg.loader(args(level))) as Response;
      expect(image.headers.get("Content-Type")).toMatch(/^image\/svg\+xml/);
      expect(await image.text()).toMatch(/<svg[^>]+viewBox="0 0 512 512"/);
    }
    const image = (await png.loader(args("intermediate"))) as Response;
    expect(image.headers.get("Content-Type")).toBe("image/png");
    const bytes = Buffer.from(await image.arrayBuffer());
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // 512×512 (IHDR width and height).
    expect(bytes.readUInt32BE(16)).toBe(512);
    expect(bytes.readUInt32BE(20)).toBe(512);
  });
});
