/** One problem found in `content/`: where it is and what is wrong, shown as `file:line [field]: message`. */
export interface ContentProblem {
  file: string;
  line?: number;
  field?: string;
  message: string;
}
