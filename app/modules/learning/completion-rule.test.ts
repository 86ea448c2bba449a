import { describe, expect, test } from "vitest";
import { type CompletionFacts, completionBlockers } from "./completion-rule";

const earlier = { slug: "intro", titleZh: "导论", titleEn: "Introduction" };
const base: CompletionFacts = {
  rule: { minShareOfEstimate: 0.5, requireSelfCheck: true },
  minutes: 20,
  secondsSpent: 600,
  selfCheckCount: 2,
  selfCheckAnswered: [0, 1],
  sequential: false,
  firstEarlierIncomplete: null,
};

describe("the lesson completion rule", () => {
  test.each<[string, Partial<CompletionFacts>, ReturnType<typeof completionBlockers>]>([
    ["half the estimate studied and the self-check answered: may complete", {}, []],
    [
      "one second short of half the estimate: about a minute left",
      { secondsSpent: 599 },
      [{ kind: "time", secondsLeft: 1, minutesLeft: 1 }],
    ],
    [
      "nothing studied yet: the whole share left",
      { secondsSpent: 0 },
      [{ kind: "time", secondsLeft: 600, minutesLeft: 10 }],
    ],
    ["more than the estimate studied: no time left", { secondsSpent: 5000 }, []],
    ["a share of 0 asks for no time", { secondsSpent: 0, rule: { minShareOfEstimate: 0, requireSelfCheck: true } }, []],
    [
      "a share of 1 asks for the whole estimate",
      { rule: { minShareOfEstimate: 1, requireSelfCheck: true } },
      [{ kind: "time", secondsLeft: 600, minutesLeft: 10 }],
    ],
    ["one question unanswered", { selfCheckAnswered: [1] }, [{ kind: "selfCheck", unanswered: 1 }]],
    [
      "the same question answered twice still leaves the other",
      { selfCheckAnswered: [0, 0] },
      [{ kind: "selfCheck", unanswered: 1 }],
    ],
    [
      "answers to questions the lesson no longer has do not count",
      { selfCheckAnswered: [0, 5] },
      [{ kind: "selfCheck", unanswered: 1 }],
    ],
    [
      "the self-check not required",
      { selfCheckAnswered: [], rule: { minShareOfEstimate: 0.5, requireSelfCheck: false } },
      [],
    ],
    ["a lesson without a self-check", { selfCheckAnswered: [], selfCheckCount: 0 }, []],
    [
      "in order, with an earlier lesson open",
      { sequential: true, firstEarlierIncomplete: earlier },
      [{ kind: "order", lesson: earlier }],
    ],
    ["not in order: an earlier lesson open does not matter", { firstEarlierIncomplete: earlier }, []],
    [
      "everything missing: order first, then time, then the self-check",
      { sequential: true, firstEarlierIncomplete: earlier, secondsSpent: 30, selfCheckAnswered: [] },
      [
        { kind: "order", lesson: earlier },
        { kind: "time", secondsLeft: 570, minutesLeft: 10 },
        { kind: "selfCheck", unanswered: 2 },
      ],
    ],
  ])("%s", (_name, facts, expected) => {
    expect(completionBlockers({ ...base, ...facts })).toEqual(expected);
  });
});
