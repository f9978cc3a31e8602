import { describe, expect, it } from 'vitest';
import { countParameters, PRESETS, trainingFlopsPerToken, validateModelConfig } from './model';

describe('model presets', () => {
  it('have the advertised sizes', () => {
    const m = (n: number) => n / 1e6;
    expect(m(countParameters(PRESETS.nano))).toBeGreaterThan(0.08);
    expect(m(countParameters(PRESETS.nano))).toBeLessThan(0.15);
    expect(m(countParameters(PRESETS.micro))).toBeGreaterThan(0.8);
    expect(m(countParameters(PRESETS.micro))).toBeLessThan(1.2);
    expect(m(countParameters(PRESETS.mini))).toBeGreaterThan(4);
    expect(m(countParameters(PRESETS.mini))).toBeLessThan(6);
    expect(m(countParameters(PRESETS.small))).toBeGreaterThan(17);
    expect(m(countParameters(PRESETS.small))).toBeLessThan(22);
    for (const cfg of Object.values(PRESETS)) expect(validateModelConfig(cfg)).toEqual([]);
  });

  it('counts parameters like GPT-2 does', () => {
    // The bench config of TECH.md §1.7: 834,304 parameters (same count as torch_gpt.py).
    const cfg = {
      vocabSize: 256,
      blockSize: 64,
      nLayer: 4,
      nHead: 4,
      nEmbd: 128,
      dropout: 0,
      queryLayer: false,
    };
    expect(countParameters(cfg)).toBe(834_304);
    // The query layer adds one block and one position embedding.
    const withQuery = countParameters({ ...cfg, queryLayer: true });
    expect(withQuery - countParameters(cfg)).toBe(64 * 128 + (834_304 - 256 * 128 - 64 * 128 - 256) / 4);
  });

  it('gives the FLOPs per token of TECH.md §7.2', () => {
    const cfg = { ...PRESETS.micro, vocabSize: 256 };
    const nonEmb = 834_304 - 256 * 128 - 64 * 128;
    expect(trainingFlopsPerToken(cfg)).toBe(6 * (nonEmb + 128 * 256) + 12 * 4 * 64 * 128);
  });

  it('rejects impossible configs with messages naming the field', () => {
    const errors = validateModelConfig({ ...PRESETS.nano, nHead: 3, dropout: 1.5 });
    expect(errors.join('\n')).toMatch(/nEmbd \(64\) must be divisible by model.nHead \(3\)/);
    expect(errors.join('\n')).toMatch(/dropout/);
    expect(validateModelConfig({ ...PRESETS.nano, vocabSize: 0 })[0]).toMatch(/model.vocabSize/);
  });
});
