// Code question answering (CoSQA / CRUXEval mirror, DATA.md §6.5), two variants picked per item:
// 'print' — what does this program print? (4 options: the output and outputs of plausible misreadings);
// 'match' — is this code a correct answer to the query? (CoSQA-style correct/wrong; wrong code is a
// mutant that provably disagrees on the item's tests, which are stored on the item for the solver).
import type { Item, Level, Split } from '../types';
import { itemId, itemRng, numericNeighbours, pickDistractors, sample, shuffleOptions } from '../util';
import { codeIdentifiers, codeWords } from '../words';
import { callText, compactSource, jsLiteral } from './code-spec';
import { randomProgram } from './code-programs';
import { disagreeing, pickSpec, sampleCalls, testsFor } from './codegen';

export const CODEQA_PRINT_QUESTION = 'What does this program print?';
export const MATCH_OPTIONS = ['correct', 'wrong'] as const;

export function generateCodeqa(level: Level, seed: number, split: Split): Item {
  const rng = itemRng('codeqa', level, split, seed);
  const base = {
    id: itemId('codeqa', level, split, seed),
    task: 'codeqa' as const,
    level,
    split,
    format: 'mc' as const,
  };
  if (rng.next() < 0.5) {
    const program = randomProgram(rng, level, codeWords(split));
    const wrong = pickDistractors(rng, program.output, program.wrong, numericNeighbours(program.output), 3);
    const { options, answer } = shuffleOptions(rng, program.output, wrong);
    return {
      ...base,
      variant: 'print',
      context: program.code,
      question: CODEQA_PRINT_QUESTION,
      options,
      answer,
      rationale_text: `${program.steps} Answer: ${program.output}`,
      rationale_code: `${program.code}\n// prints: ${program.output}`,
    };
  }
  for (;;) {
    const spec = pickSpec(rng, level, split);
    const calls = sampleCalls(rng, spec, 4, true);
    const correct = rng.next() < 0.5;
    const mutant = correct ? undefined : spec.mutants[rng.int(spec.mutants.length)];
    const checked = mutant ? disagreeing(rng, spec, mutant.fn, calls) : calls;
    if (checked.length === 0) continue; // this mutant happens to be right on every input tried
    // Parameters are renamed to the split's own invented words, so no match item is shared between
    // the train and eval splits even where the function itself is (L1, L2).
    const names = sample(rng, codeIdentifiers(split), spec.params.length);
    const rename = (text: string) =>
      spec.params.reduce((t, p, i) => t.replace(new RegExp(`\\b${p}\\b`, 'g'), names[i]), text);
    const code = compactSource('f', names, rename(mutant ? mutant.compact : spec.compact));
    const query = rename(spec.description).replace(/\.$/, '');
    const label = correct ? 'correct' : 'wrong';
    const { options, answer } = shuffleOptions(
      rng,
      label,
      MATCH_OPTIONS.filter((o) => o !== label),
    );
    // Show a disagreement for wrong code; for right code, a random (not an edge-case) call.
    const witness = mutant
      ? (checked.find((c) => jsLiteral(mutant.fn(...c.args)) !== jsLiteral(c.result)) ?? checked[0])
      : checked[checked.length - 1];
    const got = mutant ? mutant.fn(...witness.args) : witness.result;
    const text = mutant
      ? `The code is wrong: ${mutant.what}. For example ${callText('f', witness.args)} gives ${jsLiteral(got)}, but the query asks for ${jsLiteral(witness.result)}.`
      : `The code does what the query asks. For example ${callText('f', witness.args)} gives ${jsLiteral(got)}, as required.`;
    return {
      ...base,
      variant: 'match',
      context: code,
      question: query,
      options,
      answer,
      rationale_text: `${text} Answer: ${label}`,
      rationale_code: `${code}\nconsole.log(${callText('f', witness.args)}); // ${jsLiteral(got)}; wanted ${jsLiteral(witness.result)}`,
      entryPoint: 'f',
      tests: testsFor('f', checked),
      testCount: checked.length,
    };
  }
}
