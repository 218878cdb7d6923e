import { describe, expect, it } from 'vitest';

import { makeBatch, type ImageSet } from './dataset.js';

// Two images of 1x2 pixels, 3 channels; image 1 is (30, 40, 50), (60, 70, 80).
const set: ImageSet = {
  pixels: Uint8Array.from([0, 255, 51, 102, 10, 20, 30, 40, 50, 60, 70, 80]),
  labels: Uint8Array.from([3, 1]),
  count: 2,
  height: 1,
  width: 2,
  channels: 3,
  classes: 4,
};

describe('makeBatch', () => {
  const mean = [0, 0.5, 0.2];
  const std = [1, 0.5, 0.1];
  const v = (p: number, c: number): number =>
    Math.fround((p / 255 - mean[c]!) / std[c]!);

  it('normalises each channel by (x / 255 - mean) / std, NHWC', () => {
    const b = makeBatch(set, [1], mean, std, 'NHWC');
    expect(b.shape).toEqual([1, 1, 2, 3]);
    expect([...b.labels]).toEqual([1]);
    expect([...b.x]).toEqual([
      v(30, 0),
      v(40, 1),
      v(50, 2),
      v(60, 0),
      v(70, 1),
      v(80, 2),
    ]);
  });

  it('lays out NCHW channel planes', () => {
    const b = makeBatch(set, [1, 0], mean, std, 'NCHW');
    expect(b.shape).toEqual([2, 3, 1, 2]);
    expect([...b.labels]).toEqual([1, 3]);
    expect([...b.x.subarray(0, 6)]).toEqual([
      v(30, 0),
      v(60, 0),
      v(40, 1),
      v(70, 1),
      v(50, 2),
      v(80, 2),
    ]);
    expect(b.x[6]).toBe(v(0, 0));
  });
});
