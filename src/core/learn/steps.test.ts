import { describe, expect, it } from 'vitest';
import { buildSteps, directiveProblems, directivesOf, stepIndex } from './steps';
import { LEARN_STEPS } from '../../content/learn';

describe('buildSteps', () => {
  const files = {
    'content/02-b.md': '# Second *step*\n\n::experiment pair\n',
    'content/01-a.md': 'Intro before the title.\n\n# First\n\nBody.',
  };

  it('orders by number, takes the first # heading as the title and keeps the rest as the body', () => {
    const steps = buildSteps(files);
    expect(steps.map((s) => [s.id, s.title])).toEqual([
      ['a', 'First'],
      ['b', 'Second step'],
    ]);
    expect(steps[0].blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph']);
    expect(directivesOf(steps)).toEqual([{ step: 'b', name: 'experiment', arg: 'pair' }]);
  });

  it('names the file that is badly named, untitled or repeated', () => {
    expect(() => buildSteps({ 'x/intro.md': '# A' })).toThrow(/"intro.md" should be named NN-slug.md/);
    expect(() => buildSteps({ '01-a.md': 'no title' })).toThrow(/"01-a.md" needs a "# Title"/);
    expect(() => buildSteps({ '01-a.md': '# A', '02-a.md': '# B' })).toThrow(/two steps are called "a"/);
  });

  it('reports directives that name nothing', () => {
    const steps = buildSteps({ '01-a.md': '# A\n::experiment nope\n::widget x\n::schedule paper' });
    expect(directiveProblems(steps, { experiment: ['pair'], schedule: ['paper'] })).toEqual([
      'step "a": "::experiment nope" names nothing (known: pair)',
      'step "a": unknown directive "::widget" (known: experiment, schedule)',
    ]);
  });

  it('finds a step by id or 1-based number, else the first', () => {
    const steps = buildSteps(files);
    expect(stepIndex(steps, 'b')).toBe(1);
    expect(stepIndex(steps, '2')).toBe(1);
    expect(stepIndex(steps, '3')).toBe(0);
    expect(stepIndex(steps, null)).toBe(0);
  });
});

describe('the shipped Learn content', () => {
  it('has 5–7 titled steps: the question first, where to go next last', () => {
    expect(LEARN_STEPS.length).toBeGreaterThanOrEqual(5);
    expect(LEARN_STEPS.length).toBeLessThanOrEqual(7);
    expect(LEARN_STEPS[0].id).toBe('question');
    expect(LEARN_STEPS.at(-1)!.id).toBe('next');
    for (const s of LEARN_STEPS) expect(s.title.length).toBeGreaterThan(3);
  });

  it('runs the training pair before scoring it, and links to the lab’s pages', () => {
    const d = directivesOf(LEARN_STEPS).filter((x) => x.name === 'experiment');
    expect(d.map((x) => x.arg)).toEqual(['pretrain-pair', 'score-pair']);
    const links = JSON.stringify(LEARN_STEPS.at(-1)!.blocks).match(/"href":"#\/[a-z]+"/g);
    expect(links).toEqual(
      ['data', 'train', 'evaluate', 'compare', 'playground'].map((p) => `"href":"#/${p}"`),
    );
  });
});
