import { RandomStream } from '@zoo/init';
import { describe, expect, it } from 'vitest';

import { epochPermutation, shuffleKey } from './shuffle.js';

describe('epochPermutation', () => {
  it('is a permutation fixed by (seed, epoch)', () => {
    const p = epochPermutation(1000, 7, 3);
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(1000).keys()]);
    expect(epochPermutation(1000, 7, 3)).toEqual(p);
    expect(epochPermutation(1000, 7, 4)).not.toEqual(p);
    expect(epochPermutation(1000, 8, 3)).not.toEqual(p);
  });

  it('follows the documented Fisher-Yates on the stream words', () => {
    const words = new Uint32Array(2);
    new RandomStream(5, shuffleKey(0)).words(words);
    const order = [0, 1, 2];
    const j2 = Math.floor((words[0]! * 3) / 2 ** 32);
    [order[2], order[j2]] = [order[j2]!, order[2]!];
    const j1 = Math.floor((words[1]! * 2) / 2 ** 32);
    [order[1], order[j1]] = [order[j1]!, order[1]!];
    expect([...epochPermutation(3, 5, 0)]).toEqual(order);
  });
});
