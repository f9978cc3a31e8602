// The Learn page's content: the step files (Markdown, imported as raw text) and the experiments they
// run (experiments.json), both checked when this module loads, so a broken content file fails the
// unit tests and the build's first render rather than a reader's walk.
import experimentsJson from './experiments.json';
import { buildSteps, directiveProblems } from '../../core/learn/steps';
import { parseExperiments } from '../../core/learn/experiments';

const files = import.meta.glob<string>('./*.md', { query: '?raw', import: 'default', eager: true });

export const LEARN_STEPS = buildSteps(files);
export const LEARN_EXPERIMENTS = parseExperiments(experimentsJson);

/** What `::schedule <id>` may name besides a pretrain-pair experiment: the paper's three IT schedules. */
export const PAPER_SCHEDULES = 'paper';

const problems = directiveProblems(LEARN_STEPS, {
  experiment: Object.keys(LEARN_EXPERIMENTS),
  schedule: [
    PAPER_SCHEDULES,
    ...Object.entries(LEARN_EXPERIMENTS)
      .filter(([, e]) => e.kind === 'pretrain-pair')
      .map(([id]) => id),
  ],
});
if (problems.length) throw new Error(`Learn content:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
