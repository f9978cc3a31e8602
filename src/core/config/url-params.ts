// Reads the lab's settings from the page URL. Pure: takes the query string, returns values or a
// readable error, so a typo in a shared link is reported instead of silently ignored.
import { BACKEND_CHOICES, type BackendChoice } from '../../contract/backend';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** `?backend=webgpu|wasm|cpu|auto` forces the engine's backend; absent means `auto`. */
export function parseBackendParam(search: string): Parsed<BackendChoice> {
  const raw = new URLSearchParams(search).get('backend');
  if (raw === null || raw === '') return { ok: true, value: 'auto' };
  const value = raw.toLowerCase() as BackendChoice;
  if (BACKEND_CHOICES.includes(value)) return { ok: true, value };
  return {
    ok: false,
    error: `Unknown backend "${raw}" in the URL: use one of ${BACKEND_CHOICES.join(', ')}.`,
  };
}
