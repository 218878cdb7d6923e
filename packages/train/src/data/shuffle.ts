/**
 * The order of the training set in each epoch, a pure function of (seed,
 * epoch): never of worker count, batch size or how far a run got.
 *
 * Fisher-Yates from the last position down: for i = n - 1 .. 1, word
 * k = n - 1 - i of the @zoo/init RandomStream (seed, `data/shuffle/epoch-E`)
 * picks j = floor(word * (i + 1) / 2^32), and positions i and j swap. The
 * multiply-shift bias is below n / 2^32 (1.4e-5 for 60,000 images).
 */
import { RandomStream } from '@zoo/init';

/** The stream key of epoch `epoch`'s shuffle. */
export function shuffleKey(epoch: number): string {
  return `data/shuffle/epoch-${epoch}`;
}

/** The permutation of [0, n) used in `epoch`. */
export function epochPermutation(
  n: number,
  seed: number,
  epoch: number,
): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
  }
  if (n < 2) {
    return order;
  }
  const words = new Uint32Array(n - 1);
  new RandomStream(seed, shuffleKey(epoch)).words(words, 0);
  for (let i = n - 1; i >= 1; i--) {
    const word = words[n - 1 - i] as number;
    const j = Math.floor((word * (i + 1)) / 4294967296);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order;
}
