// The shapes of instruction-tuning data: one example is an instruction and the response the model
// should learn to give, tagged with the family (task slot) it fills and whether it is code or text.
// Leaves out how examples are made (arms.ts and the *-examples.ts sources) and encoded (chat-template.ts).

/** The two instruction-tuning arms of the paper: text-only (NN) and with code (NC/CC). */
export type Arm = 'text' | 'code';

/** Whether an example is a natural-language instruction or a code instruction / code-form answer. */
export type ExampleKind = 'text' | 'code';

/**
 * The families (task slots) an instruction set is divided into. The four reasoning tasks hold the
 * suite's train-split items; `general` holds everything else (world facts, stories, definitions in the
 * text arm; programming instructions in the code arm's replaced slots).
 */
export const FAMILIES = ['logic', 'law', 'science', 'analogy', 'general'] as const;
export type Family = (typeof FAMILIES)[number];

/** Default share of each family in a set (sums to 1). */
export const FAMILY_WEIGHTS: Readonly<Record<Family, number>> = {
  logic: 0.15,
  law: 0.15,
  science: 0.15,
  analogy: 0.15,
  general: 0.4,
};

/** Where an example came from, finer than its family (e.g. 'world-fact', 'locutus', 'logic'). */
export type ExampleSource =
  | 'logic'
  | 'law'
  | 'science'
  | 'analogy'
  | 'codeqa'
  | 'codegen'
  | 'world-fact'
  | 'world-story'
  | 'wordnet'
  | 'factbook'
  | '30-seconds-of-code'
  | 'locutus';

export interface InstructionExample {
  /** Stable within a set; the same example in both arms has the same id. */
  id: string;
  /** The family (task slot) it fills; both arms have the same count per family. */
  task: Family;
  kind: ExampleKind;
  source: ExampleSource;
  instruction: string;
  response: string;
}

/** Only what the template needs from an example. */
export interface ChatTurn {
  instruction: string;
  response: string;
}
