import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The journeys share one server and its demo data. Two of them change what later journeys would see: one moves
 * 张晓芳 from Taiyuan to Jinzhong, one revokes the demo holder's certificate (its downloads then answer 410). So
 * journeys run by name, with those two last — the same order on every machine.
 */
const LAST = ["region-admin-transfers-a-trainee.e2e.ts", "visitor-verifies-a-certificate.e2e.ts"];

export default class JourneyOrder extends BaseSequencer {
  async sort(files: TestSpecification[]) {
    const name = (f: TestSpecification) => f.moduleId.split("/").pop() ?? "";
    const rank = (f: TestSpecification) => LAST.indexOf(name(f));
    return [...files].sort((a, b) => rank(a) - rank(b) || name(a).localeCompare(name(b)));
  }
}
