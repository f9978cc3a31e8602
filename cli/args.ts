// Small helpers for the CLI's arguments: a usage error type and checked options.
import { BACKEND_CHOICES, type BackendChoice } from '../src/contract/backend';

export class UsageError extends Error {
  override name = 'UsageError';
}

export function backendOption(value: string | boolean | undefined): BackendChoice {
  if (value === undefined) return 'auto';
  if (typeof value === 'string' && (BACKEND_CHOICES as readonly string[]).includes(value))
    return value as BackendChoice;
  throw new UsageError(
    `--backend must be one of ${BACKEND_CHOICES.join(', ')} (got ${JSON.stringify(value)})`,
  );
}

export function numberOption(name: string, value: string | boolean | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number (got ${JSON.stringify(value)})`);
  return n;
}
