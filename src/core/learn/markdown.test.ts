import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, plainText, safeHref } from './markdown';

const t = (text: string) => ({ type: 'text', text });

describe('parseInline', () => {
  it('reads code spans, strong, emphasis and links', () => {
    expect(parseInline('a `x*y` **b** *c* [d](#/train)')).toEqual([
      t('a '),
      { type: 'code', text: 'x*y' },
      t(' '),
      { type: 'strong', children: [t('b')] },
      t(' '),
      { type: 'em', children: [t('c')] },
      t(' '),
      { type: 'link', href: '#/train', external: false, children: [t('d')] },
    ]);
  });

  it('nests emphasis inside strong and inside link labels', () => {
    expect(parseInline('**a *b* c**')).toEqual([
      { type: 'strong', children: [t('a '), { type: 'em', children: [t('b')] }, t(' c')] },
    ]);
    expect(parseInline('[the *paper*](https://arxiv.org/abs/2309.16298)')).toEqual([
      {
        type: 'link',
        href: 'https://arxiv.org/abs/2309.16298',
        external: true,
        children: [t('the '), { type: 'em', children: [t('paper')] }],
      },
    ]);
  });

  it('keeps HTML as literal text', () => {
    const nodes = parseInline('<img src=x onerror=alert(1)> & <script>');
    expect(nodes).toEqual([t('<img src=x onerror=alert(1)> & <script>')]);
  });

  it('drops unsafe link targets but keeps their words', () => {
    expect(parseInline('[click](javascript:alert(1))')).toEqual([t('[click](javascript:alert(1))')]);
    expect(parseInline('[click](javascript:void)')).toEqual([t('click')]);
    expect(parseInline('[x](data:text/html,hi)')).toEqual([t('x')]);
    expect(parseInline('[x](//evil.example)')).toEqual([t('x')]);
  });

  it('leaves unmatched markers and spaced stars alone, honours backslash escapes', () => {
    expect(parseInline('2 * 3 * 4')).toEqual([t('2 * 3 * 4')]);
    expect(parseInline('a **b')).toEqual([t('a **b')]);
    expect(parseInline('a `b')).toEqual([t('a `b')]);
    expect(parseInline('\\*not em\\*')).toEqual([t('*not em*')]);
    expect(parseInline('C\\# and a\\b')).toEqual([t('C# and a\\b')]);
  });
});

describe('safeHref', () => {
  it('allows the lab’s hash routes and http(s) only', () => {
    expect(safeHref('#/compare')).toEqual({ href: '#/compare', external: false });
    expect(safeHref('https://openreview.net/forum?id=KIPJKST4gw')?.external).toBe(true);
    expect(safeHref('JavaScript:alert(1)')).toBeNull();
    expect(safeHref('vbscript:x')).toBeNull();
    expect(safeHref('#"onmouseover="x')).toBeNull();
    expect(safeHref('https://a.example/"><script>')).toBeNull();
  });
});

describe('parseMarkdown', () => {
  it('splits headings, paragraphs (lines joined), lists, quotes and directives', () => {
    const blocks = parseMarkdown(
      [
        '# Title',
        '',
        'One line',
        'and the next.',
        '- first',
        '  continued',
        '- second',
        '',
        '1. one',
        '2. two',
        '> quoted',
        '> more',
        '::experiment pretrain-pair',
        '::pause',
        '## Sub ##',
      ].join('\r\n'),
    );
    expect(blocks).toEqual([
      { type: 'heading', level: 1, children: [t('Title')] },
      { type: 'paragraph', children: [t('One line and the next.')] },
      { type: 'list', ordered: false, items: [[t('first continued')], [t('second')]] },
      { type: 'list', ordered: true, items: [[t('one')], [t('two')]] },
      { type: 'quote', children: [t('quoted more')] },
      { type: 'directive', name: 'experiment', arg: 'pretrain-pair' },
      { type: 'directive', name: 'pause', arg: '' },
      { type: 'heading', level: 2, children: [t('Sub')] },
    ]);
  });

  it('reads pipe tables, padding short rows', () => {
    const blocks = parseMarkdown(
      '| Task | NL | CODE |\n|---|---:|---|\n| Logic | 36.36 | 40.90 |\n| a \\| b |\n',
    );
    expect(blocks).toEqual([
      {
        type: 'table',
        header: [[t('Task')], [t('NL')], [t('CODE')]],
        rows: [
          [[t('Logic')], [t('36.36')], [t('40.90')]],
          [[t('a | b')], [], []],
        ],
      },
    ]);
  });

  it('treats a pipe line without a rule under it as text, and raw HTML blocks as text', () => {
    expect(parseMarkdown('| not a table')).toEqual([{ type: 'paragraph', children: [t('| not a table')] }]);
    expect(parseMarkdown('<div onclick="x">hi</div>')).toEqual([
      { type: 'paragraph', children: [t('<div onclick="x">hi</div>')] },
    ]);
  });

  it('does not take a directive-like word inside a paragraph', () => {
    expect(parseMarkdown('see ::experiment x')).toEqual([
      { type: 'paragraph', children: [t('see ::experiment x')] },
    ]);
  });
});

describe('plainText', () => {
  it('flattens inline nodes', () => {
    expect(plainText(parseInline('**Code** in *pre-training* `x` [y](#/a)'))).toBe(
      'Code in pre-training x y',
    );
  });
});
