// Default run names: safe as checkpoint names (the store's own rule, isValidName), numbered past every
// name taken by a run or a checkpoint.
import { describe, expect, it } from 'vitest';
import { isValidName } from '../../core/checkpoint/store-util';
import { checkpointSafe, uniqueRunName } from './run-name';

describe('run names', () => {
  it('numbers runs of one recipe past the names already taken', () => {
    expect(uniqueRunName('nano-stepwise', [])).toBe('nano-stepwise-1');
    expect(uniqueRunName('nano-stepwise', ['nano-stepwise-1', 'nano-stepwise-2', 'other-3'])).toBe(
      'nano-stepwise-3',
    );
    expect(uniqueRunName('nano-stepwise', ['nano-stepwise-2'])).toBe('nano-stepwise-1');
  });

  it('makes any recipe name a valid checkpoint name', () => {
    for (const name of ['My run: 30% code!', '  .hidden', 'ünïcode ✓', '', 'x'.repeat(200)]) {
      const made = uniqueRunName(name, []);
      expect(isValidName(made), made).toBe(true);
    }
    expect(checkpointSafe('My run: 30% code!')).toBe('My-run-30-code-');
    expect(checkpointSafe('...')).toBe('run');
  });
});
