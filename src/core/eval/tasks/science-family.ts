// The shape every science family returns before science.ts turns it into an item.
export interface Family {
  /** Which family (and question form) this is; the solver dispatches on it to parse the text. */
  variant: string;
  lecture: string;
  question: string;
  answer: string;
  distractors: string[];
  /** The worked answer in words. */
  steps: string;
  /** The worked answer as JavaScript lines. */
  code: string[];
}
