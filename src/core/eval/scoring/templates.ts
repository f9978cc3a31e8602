// Prompt templates per task. `commonPrompt` is the plain cloze prompt ("... Answer:") used by the
// 'sum'/'mean'/'calibrated' protocols and for generation; `paperPair` fills an option into the task's
// template from the paper (PAPER.md §3, Table 1 and the negative-transfer templates, adapted to English)
// and splits it into the prefix that conditions and the passage that is scored. Entailment options are
// the labels; the model sees them through verbalisers (lm-eval's True/Neither/False in the plain
// prompt, the paper's Yes/Maybe/No in its template). With `cot`, the gold rationale is inserted into the input
// (the paper's CoT condition: ScienceQA/E-KAR with their explanations), the scoring is unchanged.
import type { AnyItem } from '../types';
import type { ScoringRequest } from './requests';

const rationale = (item: AnyItem, cot: boolean | undefined): string =>
  cot ? `${item.rationale_text}\n` : '';

/** How an entailment label is said after "Answer:" in the plain prompt (lm-eval's MNLI verbalisers). */
export const NLI_COMMON_VERBALISER: Record<string, string> = {
  entailment: 'True',
  neutral: 'Neither',
  contradiction: 'False',
};
/** How the paper's template says an entailment label (its 对/或/错, PAPER.md §3). */
export const NLI_PAPER_VERBALISER: Record<string, string> = {
  entailment: 'Yes',
  neutral: 'Maybe',
  contradiction: 'No',
};

/** The text of an option as the model is asked to continue with it in the plain prompt. */
export function optionText(item: AnyItem, option: string): string {
  if (item.task !== 'nli') return option;
  const said = NLI_COMMON_VERBALISER[option];
  if (said === undefined) throw new Error(`${item.id}: '${option}' is not an entailment label`);
  return said;
}

/** The question as the model sees it, ending in "Answer:" (the option follows after a space). */
export function commonPrompt(item: AnyItem, cot?: boolean): string {
  const why = cot ? `Explanation: ${item.rationale_text}\n` : '';
  if (item.task === 'nli')
    return `${item.context}\nQuestion: ${item.question} True, False or Neither?\n${why}Answer:`;
  if (item.task === 'extractive')
    // DuReader's template in the paper's code: "Read document: … Question: … Answer:"
    return `Read document: ${item.context}\nQuestion: ${item.question}\n${why}Answer:`;
  if (item.task === 'codeqa' && item.variant === 'match') {
    return `Query: ${item.question}\nCode: ${item.context}\nIs the code a correct answer to the query?\n${why}Answer:`;
  }
  if (item.task === 'analogy')
    return `${item.context ? `${item.context}\n` : ''}Complete the analogy: ${item.question}\n${why}Answer:`;
  const context = item.context ? `${item.context}\n` : '';
  return `${context}Question: ${item.question}\n${why}Answer:`;
}

/** The two sides of an analogy question "A : B :: C : ?" with the option filled in on the right. */
export function analogySides(question: string, choice: string): { left: string; right: string } {
  const parts = question.split(' :: ');
  if (parts.length !== 2) throw new Error(`analogy question has no " :: ": ${question}`);
  const right = parts[1].replace(/\?( : \?)*$/, choice);
  if (right === parts[1]) throw new Error(`analogy question has no "?" slot: ${question}`);
  return { left: parts[0], right };
}

/** The paper's template for one option, as (conditioning prefix, scored passage). */
export function paperPair(item: AnyItem, choice: string, cot?: boolean): ScoringRequest {
  const why = rationale(item, cot);
  switch (item.task) {
    case 'logic':
    case 'law':
      // "The answer: $choice, can answer the following questions: $problem"
      return {
        context: `${why}The answer: ${choice}, can answer the following question:`,
        continuation: ` ${item.context}\n${item.question}`,
      };
    case 'science':
      // "$lecture\n anwser: $choice can answer the following question: $question"
      return {
        context: `${item.context}\n${why}answer: ${choice} can answer the following question:`,
        continuation: ` ${item.question}`,
      };
    case 'analogy': {
      // "The reasoning relationship: $r1, the analogy reasoning relationship: $r2"
      const { left, right } = analogySides(item.question, choice);
      const context = item.context ? `${item.context}\n` : '';
      return {
        context: `${context}${why}The reasoning relationship: ${left}, the analogy reasoning relationship:`,
        continuation: ` ${right}`,
      };
    }
    case 'codeqa':
      if (item.variant === 'match') {
        // "$question? Answered code is correct or wrong: $code" — the code is scored
        return {
          context: `${why}${item.question}? Answered code is ${choice}:`,
          continuation: ` ${item.context}`,
        };
      }
      return {
        context: `${why}The answer: ${choice}, can answer the following question:`,
        continuation: ` ${item.context}\n${item.question}`,
      };
    case 'reading':
      // C3: "Question: $question\n Answer:$choice comes from the dialogue: $context" — the passage is scored
      return {
        context: `${why}Question: ${item.question}\nAnswer: ${choice} comes from the passage:`,
        continuation: ` ${item.context}`,
      };
    case 'nli': {
      // OCNLI: "$S1? Yes/Maybe/No, $S2" — the hypothesis is scored
      const said = NLI_PAPER_VERBALISER[choice];
      if (said === undefined) throw new Error(`${item.id}: '${choice}' is not an entailment label`);
      return {
        context: `${why}${item.context.replace(/\.$/, '')}? ${said},`,
        continuation: ` ${item.question}`,
      };
    }
    case 'codegen':
    case 'extractive':
      throw new Error(`${item.id}: ${item.task} items are not multiple choice`);
  }
}
