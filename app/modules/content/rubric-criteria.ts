/**
 * The criteria a written answer's rubric lists, read from its text: every numbered line ("1." / "1、") with
 * points in brackets ("（3 分）") is one criterion; its name is the text before the points, up to the
 * first colon. Rubrics in content/questions write them this way (content/questions/README.md); a rubric
 * without such lines has no criteria and is graded as one total.
 */
export interface RubricCriterion {
  name: string;
  pointsTenths: number;
}

const NUMBERED = /^\s*\d+\s*[.．、]\s*(.+)$/;
const POINTS = /[（(]\s*(\d+(?:\.\d)?)\s*分/;
const NAME_MAX = 80;

export function rubricCriteria(rubric: string): RubricCriterion[] {
  return rubric.split(/\r?\n/).flatMap((line) => {
    const item = NUMBERED.exec(line);
    const points = item && POINTS.exec(item[1]!);
    if (!item || !points) return [];
    let name = item[1]!.slice(0, points.index).trim();
    const colon = name.search(/[：:]/);
    if (colon > 0) name = name.slice(0, colon);
    if (name.length > NAME_MAX) name = `${name.slice(0, NAME_MAX - 1)}…`;
    return [{ name: name || item[1]!.trim().slice(0, NAME_MAX), pointsTenths: Math.round(Number(points[1]) * 10) }];
  });
}
