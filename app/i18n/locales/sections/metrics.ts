// Every figure the dashboards and their exports show: its name and its one definition (docs/statistics.md).
import type { Catalog } from "../catalog";

export const zh = {
  trained: {
    label: "培训结业",
    definition: "已结班期次的学员，每人每等级计一次，计入其首个结班期次的基地和结班年份。",
  },
  certified: {
    label: "获证",
    definition: "每人每等级计一次：首张未撤销的证书，计入颁证的基地和年份；换发不重复计。",
  },
  sat: {
    label: "参加考试",
    definition:
      "有已评分考试记录的人，每人每等级计一次，计入首次评分的年份，以及其该等级最近所在期次的基地（无期次时为所属基地）。",
  },
  passed: {
    label: "通过",
    definition: "参加考试的人中任一次考试通过的人。",
  },
  passRate: {
    label: "考试通过率",
    definition: "通过人数 ÷ 参加考试人数，保留一位小数；无人参加考试时为“—”。",
  },
  cohortCertificates: {
    label: "颁发证书",
    definition: "本期次学员中，由本基地颁发该等级证书（未撤销）的人数。",
  },
};

export const en: Catalog<typeof zh> = {
  trained: {
    label: "Trained",
    definition:
      "Members of closed cohorts, once per person and level, at the center and in the year their first closed cohort of the level ended.",
  },
  certified: {
    label: "Certified",
    definition:
      "Once per person and level: the first certificate not revoked, at the issuing center and in its year; a renewal does not count again.",
  },
  sat: {
    label: "Sat the exam",
    definition:
      "People with a graded exam, once per person and level, in the year of the first grading, at the center of their latest cohort of the level (else their own center).",
  },
  passed: {
    label: "Passed",
    definition: "Of those who sat the exam, the people with any passing attempt.",
  },
  passRate: {
    label: "Pass rate",
    definition: "Passed ÷ sat, one decimal; “—” when nobody sat.",
  },
  cohortCertificates: {
    label: "Certificates issued",
    definition: "Members of the cohort holding the level's certificate issued by this center (not revoked).",
  },
};
