// The Learn page's Markdown components rendered by Svelte's server renderer: text is escaped (raw
// HTML in content never becomes markup), inline pieces keep their spaces, headings sit under the
// step title, and directives become whatever the page puts there.
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { createRawSnippet } from 'svelte';
import MarkdownBlocks from './MarkdownBlocks.svelte';
import { parseMarkdown } from '../../core/learn/markdown';

const directive = createRawSnippet((d: () => { name: string; arg: string }) => ({
  render: () => `<div class="part" data-name="${d().name}" data-arg="${d().arg}"></div>`,
}));

/** Rendered HTML without Svelte's hydration comments and scoped-style classes. */
function html(markdown: string): string {
  const out = render(MarkdownBlocks, { props: { blocks: parseMarkdown(markdown), directive } });
  return out.body.replace(/<!--[^>]*-->/g, '').replace(/ class="[^"]*"/g, '');
}

describe('MarkdownBlocks', () => {
  it('escapes HTML in text, code and link labels', () => {
    const out = html('<script>alert(1)</script> `<b>` [<i>x</i>](#/data)\n\n| <td> |\n|---|\n| & |');
    expect(out).not.toMatch(/<script|<b>|<i>|<td>\s*<\/th>/);
    expect(out).toContain('&lt;script>alert(1)&lt;/script>');
    expect(out).toContain('<code>&lt;b></code>');
    expect(out).toContain('<a href="#/data">&lt;i>x&lt;/i></a>');
    expect(out).toContain('&amp;');
  });

  it('keeps the spaces between inline pieces', () => {
    const text = (s: string) => s.replace(/<[^>]+>/g, '');
    expect(text(html('a **b** *c* `d` [e](#/x), f.'))).toBe('a b c d e, f.');
  });

  it('puts headings under the step title and lists, quotes and tables in their elements', () => {
    const out = html('## Sub\n\n- one\n- two\n\n1. first\n\n> said\n\n| A | B |\n|---|---|\n| x | 1 |');
    expect(out).toMatch(/<h3[^>]*>Sub<\/h3>/);
    expect(out).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
    expect(out).toMatch(/<ol>\s*<li>first<\/li>\s*<\/ol>/);
    expect(out).toMatch(/<blockquote[^>]*>\s*<p>said<\/p>/);
    expect(out).toMatch(/<th scope="col">A<\/th>/);
    expect(out).toMatch(/<th scope="row">x<\/th>\s*<td>1<\/td>/);
  });

  it('marks outside links and replaces directive lines', () => {
    const out = html('[paper](https://arxiv.org/abs/2309.16298)\n\n::experiment pretrain-pair');
    expect(out).toContain(
      'href="https://arxiv.org/abs/2309.16298" target="_blank" rel="noopener noreferrer"',
    );
    expect(out).toContain('(opens in a new tab)');
    expect(out).toContain('<div data-name="experiment" data-arg="pretrain-pair"></div>');
  });
});
