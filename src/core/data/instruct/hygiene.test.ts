import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Item } from '../../eval/types';
import { TASKS } from '../../eval/types';
import { EVAL_SET_NAME, EVAL_STEM_HASHES, REALCODE_LODASH, REALCODE_THIRTY_SECONDS } from './excluded';
import { evalNameIn, isEvalItem, isRealcodeName, itemHash, looksLikeCode, stemHash } from './hygiene';

const SET_DIR = `datasets/eval/${EVAL_SET_NAME}`;
const SOURCES = 'datasets/eval/realcode-v1/SOURCES.md';
const SNAPSHOT = 'src/core/data/instruct/excluded.ts';

/** The frozen set's own hash (scripts/eval/frozen-set.ts textHash), with node:crypto; `stem` leaves out the options. */
const referenceHash = (item: Item, stem = false): string =>
  createHash('sha256')
    .update(
      [item.context, item.question, ...(stem ? [] : item.options), item.prompt ?? '']
        .join('\u0000')
        .replace(/\s+/g, ' ')
        .trim(),
      'utf8',
    )
    .digest('hex')
    .slice(0, 16);

const frozenItems = (): Item[] =>
  TASKS.flatMap((task) =>
    readFileSync(`${SET_DIR}/${task}.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Item),
  );

/** The two name lists of SOURCES.md ("Keep out of the pretraining and instruction corpora"). */
function sourcesLists(): { thirtySeconds: string[]; lodash: string[] } {
  const lines = readFileSync(SOURCES, 'utf8').split('\n');
  const after = (prefix: string, skip: number) =>
    lines[lines.findIndex((l) => l.startsWith(prefix)) + skip]
      .replace(/^.*?\):\s*/, '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  return {
    thirtySeconds: after('30-seconds-of-code snippets', 1),
    lodash: after('lodash functions whose', 1),
  };
}

function snapshotText(stems: string[], lists: { thirtySeconds: string[]; lodash: string[] }): string {
  const wrap = (words: string[], per: number) =>
    Array.from({ length: Math.ceil(words.length / per) }, (_, i) =>
      words.slice(i * per, i * per + per).join(' '),
    ).join('\n');
  const set = (name: string, xs: string[]) =>
    `export const ${name}: ReadonlySet<string> = new Set(\n  words(\`\n${wrap(xs, 6)}\n\`),\n);\n\n`;
  const list = (name: string, xs: string[]) =>
    `export const ${name}: readonly string[] = words(\`\n${wrap(xs, 8)}\n\`);\n`;
  const head = readFileSync(SNAPSHOT, 'utf8').split('export const EVAL_STEM_HASHES')[0];
  return (
    head +
    set('EVAL_STEM_HASHES', stems) +
    list('REALCODE_THIRTY_SECONDS', lists.thirtySeconds) +
    '\n' +
    list('REALCODE_LODASH', lists.lodash)
  );
}

describe('snapshots of the frozen evaluation sets (excluded.ts)', () => {
  const hashes = readFileSync(`${SET_DIR}/hashes.txt`, 'utf8').trim().split('\n');
  const lists = sourcesLists();
  const stems = [...new Set(frozenItems().map((item) => referenceHash(item, true)))];
  if (process.env.UPDATE_INSTRUCT_SNAPSHOT === '1') writeFileSync(SNAPSHOT, snapshotText(stems, lists));

  it(`EVAL_STEM_HASHES are the stems of the ${SET_DIR} items (rerun with UPDATE_INSTRUCT_SNAPSHOT=1 if not)`, () => {
    expect(readdirSync(SET_DIR).filter((f) => f.endsWith('.jsonl')).length).toBe(TASKS.length);
    expect(frozenItems().length).toBe(hashes.length);
    expect([...EVAL_STEM_HASHES]).toEqual(stems);
  });

  it('the realcode exclusion lists are those of SOURCES.md', () => {
    expect(lists.thirtySeconds.length).toBeGreaterThan(100);
    expect(lists.lodash.length).toBeGreaterThan(100);
    expect(REALCODE_THIRTY_SECONDS).toEqual(lists.thirtySeconds);
    expect(REALCODE_LODASH).toEqual(lists.lodash);
    // and they cover every function the realcode items name
    const realcode = ['codegen', 'codeqa'].flatMap((f) =>
      readFileSync(`datasets/eval/realcode-v1/${f}.jsonl`, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { entryPoint?: string; function?: string }),
    );
    for (const r of realcode) expect(isRealcodeName(r.entryPoint ?? r.function ?? '')).toBe(true);
  });
});

describe('itemHash', () => {
  it('is the frozen set textHash: every frozen item hashes to its own line of hashes.txt, and is an eval item', () => {
    const items = frozenItems();
    const hashes = readFileSync(`${SET_DIR}/hashes.txt`, 'utf8').trim().split('\n');
    expect(items.length).toBe(hashes.length);
    items.forEach((item, i) => {
      const h = itemHash(item);
      expect(h).toBe(hashes[i]);
      expect(h).toBe(referenceHash(item));
      expect(stemHash(item)).toBe(referenceHash(item, true));
      expect(isEvalItem(item)).toBe(true);
    });
  });

  it('an item asking the same with other options is an evaluation item too', () => {
    const item = frozenItems().find((it) => it.options.length > 2)!;
    const shuffled = { ...item, options: [...item.options].reverse(), answer: 0 };
    expect(itemHash(shuffled)).not.toBe(itemHash(item));
    expect(isEvalItem(shuffled)).toBe(true);
    expect(isEvalItem({ ...item, question: `${item.question} Why?` })).toBe(false);
  });
});

describe('evalNameIn', () => {
  it('finds evaluation-pool names: people and places as written, invented words in any case and plural', () => {
    expect(evalNameIn('Then Ana went home.')).toBe('Ana');
    expect(evalNameIn('They met in Cormere.')).toBe('Cormere');
    expect(evalNameIn('Three daxes ran.')).toBe('daxes');
    expect(evalNameIn('A Dax is here.')).toBe('Dax');
  });

  it('leaves train-pool names and ordinary words alone', () => {
    expect(evalNameIn('Mia has a wug and a blicket in Norby.')).toBeUndefined();
    expect(evalNameIn('banana, program, menace, bone')).toBeUndefined();
  });
});

describe('looksLikeCode and isRealcodeName', () => {
  it.each([
    ['const f = (x) => x + 1;', true],
    ['console.log(a)', true],
    ['function add(a, b) { return a + b; }', true],
    ['if (a && b) go();', true],
    ['A wug is a blicket. Its density is 14 / 18 = 0.78, so it floats.', false],
    ['function (noun): what something is used for; "the function of a hammer"', false],
  ])('%s → %s', (text, code) => expect(looksLikeCode(text)).toBe(code));

  it('knows the realcode names in any case', () => {
    expect(isRealcodeName('chunk')).toBe(true);
    expect(isRealcodeName('RGBToHex')).toBe(true);
    expect(isRealcodeName('rgbtohex')).toBe(true);
    expect(isRealcodeName('ary')).toBe(true); // a lodash item
    expect(isRealcodeName('collectInto')).toBe(false);
  });
});
