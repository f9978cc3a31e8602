import { describe, expect, it } from 'vitest';
import { parseBackendParam } from './url-params';

describe('parseBackendParam', () => {
  it('defaults to auto', () => {
    expect(parseBackendParam('')).toEqual({ ok: true, value: 'auto' });
    expect(parseBackendParam('?other=1')).toEqual({ ok: true, value: 'auto' });
  });

  it('accepts each backend, case-insensitively', () => {
    for (const b of ['webgpu', 'wasm', 'cpu', 'auto']) {
      expect(parseBackendParam(`?backend=${b.toUpperCase()}`)).toEqual({ ok: true, value: b });
    }
  });

  it('rejects an unknown backend with a message naming it', () => {
    const parsed = parseBackendParam('?backend=webgl');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain('"webgl"');
  });
});
