import { describe, expect, it } from 'vitest';
import { python } from '../test/helpers.js';
import {
  bfloatToFloat,
  floatToBfloat,
  floatToHalf,
  halfToFloat,
} from './half.js';

// Ties, subnormals, overflow, signed zero, infinities, NaN.
const VALUES = [
  0,
  -0,
  1,
  -2,
  0.1,
  1 / 3,
  65504,
  65519.99,
  65520,
  1e6,
  -1e6,
  2 ** -24,
  2 ** -25,
  2 ** -25 * 1.5,
  2 ** -14,
  6e-8,
  1 + 2 ** -11,
  1 + 3 * 2 ** -11,
  1 + 2 ** -8,
  1 + 3 * 2 ** -8,
  3.4e38,
  Infinity,
  -Infinity,
  NaN,
];

/** numpy's float16 and torch's bfloat16 bits of the float32 values. */
function reference(): { half: number[]; bf: number[] } {
  const text = VALUES.map((v) => (Object.is(v, -0) ? '-0.0' : String(v)));
  const out = python(
    `import json, sys, numpy as np, torch
v = np.array([float(s) for s in json.loads(sys.argv[1])], np.float32)
with np.errstate(over='ignore'):
    half = v.astype(np.float16).view(np.uint16).tolist()
b = torch.from_numpy(v).to(torch.bfloat16).view(torch.int16).numpy()
print(json.dumps({'half': half, 'bf': b.view(np.uint16).tolist()}))`,
    JSON.stringify(text),
  );
  return JSON.parse(out) as { half: number[]; bf: number[] };
}

describe('float16 and bfloat16', () => {
  const ref = reference();

  it('rounds to nearest even exactly as numpy (fp16) and torch (bf16)', () => {
    const half = VALUES.map(floatToHalf);
    const bf = VALUES.map(floatToBfloat);
    VALUES.forEach((v, i) => {
      if (Number.isNaN(v)) {
        expect(halfToFloat(half[i] as number)).toBeNaN();
        expect(bfloatToFloat(bf[i] as number)).toBeNaN();
      } else {
        expect(half[i], `half ${v}`).toBe(ref.half[i]);
        expect(bf[i], `bf16 ${v}`).toBe(ref.bf[i]);
      }
    });
  });

  it('decodes closed-form bit patterns', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x8000)).toBe(-0);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(bfloatToFloat(0x3f80)).toBe(1);
    expect(bfloatToFloat(0xc040)).toBe(-3);
  });
});
