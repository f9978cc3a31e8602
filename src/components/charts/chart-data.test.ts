// Chart data shaping: series at different x values align on their union with nulls, the newest
// value of each series is found past trailing gaps, and the summary names them.
import { describe, expect, it } from 'vitest';
import { alignSeries, colour, describeLatest, latestValues, PALETTE } from './chart-data';

describe('alignSeries', () => {
  it('aligns sparse series on the sorted union of x values, null where a series has no point', () => {
    const loss = [
      [2, 5],
      [4, 4.5],
      [6, 4],
    ] as const;
    const heldout = [
      [6, 4.2],
      [0, 5.6],
    ] as const;
    expect(alignSeries([loss, heldout])).toEqual([
      [0, 2, 4, 6],
      [null, 5, 4.5, 4],
      [5.6, null, null, 4.2],
    ]);
  });

  it('keeps the last y of a repeated x, turns non-finite values into gaps, and handles no data', () => {
    expect(
      alignSeries([
        [
          [1, 1],
          [1, 2],
          [3, Number.NaN],
        ],
      ]),
    ).toEqual([
      [1, 3],
      [2, null],
    ]);
    expect(alignSeries([[], []])).toEqual([[], [], []]);
  });
});

describe('latestValues / describeLatest', () => {
  it('finds each series’ newest value past trailing gaps', () => {
    const data = alignSeries([
      [
        [1, 3],
        [2, 2.5],
      ],
      [[1, 9]],
      [],
    ]);
    const latest = latestValues(data, ['loss', 'held-out', 'empty']);
    expect(latest).toEqual([
      { label: 'loss', x: 2, y: 2.5 },
      { label: 'held-out', x: 1, y: 9 },
      { label: 'empty', x: null, y: null },
    ]);
    expect(describeLatest(latest, (v) => v.toFixed(1), 'step')).toBe(
      'loss 2.5 at step 2; held-out 9.0 at step 1',
    );
    expect(describeLatest([], String, 'step')).toBe('no data yet');
  });

  it('wraps the palette', () => {
    expect(colour(0)).toBe(PALETTE[0]);
    expect(colour(PALETTE.length + 1)).toBe(PALETTE[1]);
  });
});
