// Files into documents: blank-line blocks packed up to the cap, long blocks cut at line ends,
// nothing lost but blank lines and trailing spaces, CRLF made LF.
import { describe, expect, it } from 'vitest';
import { userDocuments } from './documents';

const squash = (s: string) => s.replace(/\s+/g, '');

describe('userDocuments', () => {
  it('packs blank-line-separated blocks into documents no longer than the cap', () => {
    const paragraphs = Array.from(
      { length: 40 },
      (_, i) => `Paragraph ${i}. ` + 'word '.repeat(20 + (i % 7)),
    );
    const text = paragraphs.join('\n\n');
    const docs = userDocuments(text, 500);
    expect(docs.length).toBeGreaterThan(1);
    for (const d of docs) expect(d.length).toBeLessThanOrEqual(500);
    expect(squash(docs.join(''))).toBe(squash(text));
    // Greedy: no two neighbours would have fitted together.
    for (let i = 1; i < docs.length; i++)
      expect(docs[i - 1].length + 2 + docs[i].length).toBeGreaterThan(500);
  });

  it('cuts one long block at line ends, and an endless line anywhere', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `  line ${i} of a long function body;`).join('\n');
    const docs = userDocuments(lines, 300);
    for (const d of docs.slice(0, -1)) expect(d.endsWith(';\n') || d.endsWith(';')).toBe(true);
    expect(docs.join('')).toBe(lines);
    const endless = 'x'.repeat(1000);
    expect(userDocuments(endless, 300).map((d) => d.length)).toEqual([300, 300, 300, 100]);
  });

  it('normalises line endings, keeps indentation, drops empty blocks', () => {
    expect(userDocuments('\uFEFFdef f():\r\n    return 1\r\n\r\n\r\n  \r\nx = 2\r\n')).toEqual([
      'def f():\n    return 1\n\nx = 2',
    ]);
    expect(userDocuments(' \n\n\t\n')).toEqual([]);
  });
});
