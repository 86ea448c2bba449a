import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import type { DbOrTx } from "#db/client";
import { liveCourses, loadLevels } from "~/modules/content/index.server";
import { achievementUrl, ISSUER_NAME } from "./badge.server";

const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
const OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

interface Bilingual {
  zh: string;
  en: string;
}

/** What a level's certificate stands for, read from the level rules in content/levels.yaml. */
export interface AchievementFacts {
  slug: string;
  name: Bilingual;
  prerequisites: Bilingual[];
  courses: Bilingual[];
  minStudyHours: number;
  exam: { title: Bilingual; passPercent: number } | null;
  portfolioCases: number;
  caseDefence: boolean;
  validityYears: number;
  /** The criteria as sentences, each in both languages: the page's list and the JSON-LD narrative. */
  criteria: Bilingual[];
}

/** The level's achievement, or null when no such level is loaded. */
export async function achievementOf(db: DbOrTx, levelSlug: string): Promise<AchievementFacts | null> {
  const [levels, courses] = await Promise.all([loadLevels(db), liveCourses(db)]);
  const level = levels.find((l) => l.slug === levelSlug);
  if (!level) return null;
  const config = level.config;
  const nameOf = (slug: string) => {
    const l = levels.find((x) => x.slug === slug);
    return l ? { zh: l.nameZh, en: l.nameEn } : { zh: slug, en: slug };
  };
  const prerequisites = config.prerequisites.map((p) => nameOf(p.level));
  const courseNames = config.requiredCourses.map((slug) => {
    const c = courses.find((x) => x.slug === slug);
    return c ? { zh: c.titleZh, en: c.titleEn } : { zh: slug, en: slug };
  });
  const exam = config.exam ? { title: config.exam.title, passPercent: config.exam.passPercent } : null;
  const { portfolioCases, caseDefence, validityYears } = config.certificate;
  const criteria: Bilingual[] = [
    ...prerequisites.map((p) => ({ zh: `持有有效的${p.zh}证书`, en: `Hold a valid ${p.en} certificate` })),
    {
      zh: `完成全部必修课程：${courseNames.map((c) => c.zh).join("、")}`,
      en: `Complete every required course: ${courseNames.map((c) => c.en).join("; ")}`,
    },
    { zh: `学习时长不少于 ${config.minStudyHours} 小时`, en: `Study for at least ${config.minStudyHours} hours` },
    ...(exam
      ? [
          {
            zh: `通过${exam.title.zh}（${exam.passPercent} 分及格）`,
            en: `Pass the ${exam.title.en} (pass mark ${exam.passPercent}%)`,
          },
        ]
      : []),
    ...(portfolioCases
      ? [{ zh: `${portfolioCases} 个实务案例通过审核`, en: `Have ${portfolioCases} practice cases approved` }]
      : []),
    ...(caseDefence ? [{ zh: "通过案例答辩", en: "Pass the case defence" }] : []),
  ];
  return {
    slug: level.slug,
    name: { zh: level.nameZh, en: level.nameEn },
    prerequisites,
    courses: courseNames,
    minStudyHours: config.minStudyHours,
    exam,
    portfolioCases,
    caseDefence,
    validityYears,
    criteria,
  };
}

/** The Open Badges 3.0 Achievement as JSON-LD: what /achievements/<level> answers a machine. */
export function achievementJsonLd(publicUrl: string, a: AchievementFacts) {
  const id = achievementUrl(publicUrl, a.slug);
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id,
    type: ["Achievement"],
    achievementType: "Certification",
    name: `${a.name.zh} ${a.name.en}`,
    description:
      `技术经理人学院颁发的${a.name.zh}职业能力证书，有效期 ${a.validityYears} 年。` +
      ` The ${a.name.en} competence certificate awarded by TM Academy, valid for ${a.validityYears} years.`,
    criteria: {
      id,
      narrative: a.criteria.map((c) => `- ${c.zh} / ${c.en}`).join("\n"),
    },
    image: { id: `${id}/badge.png`, type: "Image", caption: a.name.en },
    creator: { id: `${publicUrl}/issuer`, type: ["Profile"], name: ISSUER_NAME },
    inLanguage: "zh-CN",
  };
}

const LEVEL_COLOURS: Record<string, string> = { junior: "#1d4ed8", intermediate: "#047857", senior: "#b45309" };
const LEVEL_MARKS: Record<string, string> = { junior: "初级", intermediate: "中级", senior: "高级" };

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The level's badge as SVG (512×512): a seal-like disc in the level's colour with its Chinese mark and
 * English name. Text uses Noto Sans SC, the font the PNG renderer is given, so both look alike.
 */
export function achievementBadgeSvg(a: Pick<AchievementFacts, "slug" | "name">): string {
  const colour = LEVEL_COLOURS[a.slug] ?? "#334155";
  const mark = LEVEL_MARKS[a.slug] ?? [...a.name.zh].slice(0, 2).join("");
  const font = "Noto Sans SC, sans-serif";
  const [first = "", ...rest] = a.name.en.toUpperCase().split(/\s+/);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512" role="img" aria-label="${escapeXml(`${a.name.zh} ${a.name.en}`)}">
  <title>${escapeXml(`${a.name.zh} · ${a.name.en}`)}</title>
  <circle cx="256" cy="256" r="248" fill="${colour}"/>
  <circle cx="256" cy="256" r="220" fill="none" stroke="#ffffff" stroke-width="8"/>
  <circle cx="256" cy="256" r="196" fill="none" stroke="#ffffff" stroke-width="2" stroke-dasharray="6 8"/>
  <text x="256" y="150" text-anchor="middle" font-family="${font}" font-size="34" font-weight="700" fill="#ffffff">技术经理人</text>
  <text x="256" y="300" text-anchor="middle" font-family="${font}" font-size="120" font-weight="700" fill="#ffffff">${escapeXml(mark)}</text>
  <text x="256" y="360" text-anchor="middle" font-family="${font}" font-size="30" font-weight="700" fill="#ffffff">${escapeXml(first)}</text>
  <text x="256" y="394" text-anchor="middle" font-family="${font}" font-size="20" fill="#ffffff">${escapeXml(rest.join(" "))}</text>
  <text x="256" y="430" text-anchor="middle" font-family="${font}" font-size="20" fill="#ffffff">TM ACADEMY</text>
</svg>
`;
}

const pngCache = new Map<string, Buffer>();

/** The badge as a 512×512 PNG rendered from the SVG (resvg, with the bundled Noto Sans SC; no system fonts). */
export function achievementBadgePng(a: Pick<AchievementFacts, "slug" | "name">): Buffer {
  const svg = achievementBadgeSvg(a);
  const known = pngCache.get(svg);
  if (known) return known;
  const require = createRequire(import.meta.url);
  const png = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [
        require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"),
        require.resolve("@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf"),
      ],
      defaultFontFamily: "Noto Sans SC",
    },
  })
    .render()
    .asPng();
  pngCache.set(svg, png);
  return png;
}
