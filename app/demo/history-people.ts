/**
 * Deterministic people for the demo's history: a seeded random number generator and Chinese names,
 * employers and job titles drawn from common lists, so every fresh demo shows the same trainees.
 */

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    /** A normally distributed number (Box–Muller). */
    normal: (mean: number, sd: number) =>
      mean + sd * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
}
export type Random = ReturnType<typeof seededRandom>;

// The hundred most common surnames, most frequent first; picks lean towards the front as in life.
const SURNAMES = [
  ..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤",
];
const GIVEN = [
  ..."伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建文斌宇浩凯晨雪琳晶婷颖倩佳欣怡博然轩梓思雨涵睿航彤瑶峰鑫波亮飞宁志国海林慧晓云龙春燕丹瑞嘉毅翔帆远",
];

export function chineseName(random: Random): string {
  const surname = SURNAMES[Math.floor(random.next() ** 2 * SURNAMES.length)]!;
  const given = random.next() < 0.62 ? random.pick(GIVEN) + random.pick(GIVEN) : random.pick(GIVEN);
  return surname + given;
}

const EMPLOYER_WORDS = [
  "智创",
  "恒信",
  "华泰",
  "中科",
  "新材",
  "汾河",
  "龙城",
  "博远",
  "瑞丰",
  "启明",
  "众成",
  "科达",
  "宏图",
  "同创",
  "鼎新",
];
const EMPLOYER_KINDS = [
  "科技有限公司",
  "技术转移服务有限公司",
  "知识产权代理有限公司",
  "新材料股份有限公司",
  "产业技术研究院",
  "大学科技园",
  "生产力促进中心",
  "大学科学技术研究院",
];
const JOB_TITLES = [
  "技术经理人",
  "项目经理",
  "科研管理干事",
  "知识产权专员",
  "成果转化专员",
  "投资经理",
  "部门主任",
  "技术合同登记员",
];

export function employer(random: Random, city: string): string {
  return `${city}${random.pick(EMPLOYER_WORDS)}${random.pick(EMPLOYER_KINDS)}`;
}

export function jobTitle(random: Random): string {
  return random.pick(JOB_TITLES);
}

/**
 * Mobile numbers of the demo's historical trainees: 1990000xxxx, a block kept for demo data (there is
 * no officially reserved range in China; no SMS is ever sent by the app).
 */
export function demoPhone(index: number): string {
  return `1990000${String(index).padStart(4, "0")}`;
}
