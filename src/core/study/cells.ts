// The cells of the study's design: what each is, which comparison it belongs to, and which are this
// lab's additions to the paper's design (PAPER.md §1.2, §6). Labels and descriptions feed the report.
import type { CellId, StudyCell } from './types';

export const CELLS: Record<CellId, StudyCell> = {
  NL: {
    id: 'NL',
    label: 'NL (text pre-training)',
    group: 'pretrain',
    description: 'Pre-trained on text only: the baseline of the pre-training tables.',
  },
  CODE: {
    id: 'CODE',
    label: 'CODE (text+code pre-training)',
    group: 'pretrain',
    description:
      "Pre-trained on the same text plus code (code 3/8 of the rows, the paper's uniform 5:3), so it sees 8/5 of NL's tokens, as the paper's CODE saw more data than NL.",
  },
  'NL-5x': {
    id: 'NL-5x',
    label: 'NL-5x (text, ~5× larger model)',
    group: 'size',
    description:
      "A text-only model about 5× larger, with as many tokens as CODE: the paper's NL 13B, to test whether code beats size.",
  },
  'NL-tok': {
    id: 'NL-tok',
    label: 'NL-tok (text, CODE’s token count)',
    group: 'token-matched',
    description: 'Text only, with as many training tokens as CODE: separates "code" from "more data".',
    addition: "the reviewers' main objection: the paper's CODE model saw 1.5× the data of NL",
  },
  'CODE-inc': {
    id: 'CODE-inc',
    label: 'CODE stepwise increase (pre-training)',
    group: 'schedule-pretrain',
    description:
      'CODE with the stepwise-increase schedule at pre-training (text:code 7:3, 7:3, 6:4, 5:5; 37.5 % code overall).',
    addition: 'the paper applied its schedules only at instruction tuning (its stated future work)',
  },
  'CODE-dec': {
    id: 'CODE-dec',
    label: 'CODE stepwise decrease (pre-training)',
    group: 'schedule-pretrain',
    description:
      'CODE with the stepwise-decrease schedule at pre-training (text:code 5:5, 6:4, 7:3, 7:3; 37.5 % code overall).',
    addition: 'the paper applied its schedules only at instruction tuning (its stated future work)',
  },
  NN: {
    id: 'NN',
    label: 'NN (text PT, text-only IT)',
    group: 'instruct',
    description: 'NL after instruction tuning on text-only instructions: the baseline of the tuning tables.',
  },
  NC: {
    id: 'NC',
    label: 'NC (text PT, IT with code)',
    group: 'instruct',
    description: 'NL after instruction tuning on instructions that include code (uniform 5:3 mix).',
  },
  CN: {
    id: 'CN',
    label: 'CN (code PT, text-only IT)',
    group: 'instruct',
    description: 'CODE after instruction tuning on text-only instructions.',
    addition: 'the sixth cell of the matrix, which the paper did not run',
  },
  CC: {
    id: 'CC',
    label: 'CC (code PT, IT with code)',
    group: 'instruct',
    description:
      'CODE after instruction tuning with code (uniform 5:3 mix; the paper’s CC was its stepwise-decrease run, here CC-dec).',
  },
  'CC-inc': {
    id: 'CC-inc',
    label: 'CC stepwise increase (IT)',
    group: 'schedule-instruct',
    description: 'CC with the stepwise-increase schedule at instruction tuning (7:3, 7:3, 6:4, 5:5).',
  },
  'CC-dec': {
    id: 'CC-dec',
    label: 'CC stepwise decrease (IT)',
    group: 'schedule-instruct',
    description: 'CC with the stepwise-decrease schedule at instruction tuning (5:5, 6:4, 7:3, 7:3).',
  },
};
