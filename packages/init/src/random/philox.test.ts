import { describe, expect, it } from 'vitest';
import { philox4x32 } from './philox.js';
import { referenceWords } from './reference.js';
import { RandomStream } from './stream.js';

function hex(words: Uint32Array): string[] {
  return Array.from(words, (w) => w.toString(16).padStart(8, '0'));
}

describe('philox4x32', () => {
  // Known-answer vectors of Random123 (kat_vectors, philox4x32_10).
  it.each([
    {
      ctr: [0, 0, 0, 0],
      key: [0, 0],
      out: ['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8'],
    },
    {
      ctr: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
      key: [0xffffffff, 0xffffffff],
      out: ['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd'],
    },
    {
      ctr: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
      key: [0xa4093822, 0x299f31d0],
      out: ['d16cfe09', '94fdcceb', '5001e420', '24126ea1'],
    },
  ])('matches the Random123 vector for key $key', ({ ctr, key, out }) => {
    const block = new Uint32Array(4);
    philox4x32(ctr[0]!, ctr[1]!, ctr[2]!, ctr[3]!, key[0]!, key[1]!, block);
    expect(hex(block)).toEqual(out);
  });

  it('writes at an offset', () => {
    const out = new Uint32Array(6);
    philox4x32(0, 0, 0, 0, 0, 0, out, 2);
    expect(hex(out.subarray(2))).toEqual([
      '6627e8d5',
      'e169c58d',
      'bc57ac4c',
      '9b00dbd8',
    ]);
    expect(out[0]).toBe(0);
  });
});

describe('WebAssembly Philox kernel', () => {
  // Starts cover word 0, odd offsets, a unit boundary (32 words), the
  // crossing of the low counter word at block 2^32 (word 2^34), and a
  // large index with every counter word non-zero.
  const starts = [0, 1, 3, 31, 33, 1000, 2 ** 34 - 45, 2 ** 40 + 7];
  const streams = [
    new RandomStream(0, ''),
    new RandomStream(2n ** 64n - 1n, 'layer4.1.conv2.weight'),
    new RandomStream(123456789, 'fc.bias'),
  ];

  it.each(starts)('equals the JS reference bit for bit from word %d', (s) => {
    for (const stream of streams) {
      const fast = new Uint32Array(517);
      const slow = new Uint32Array(517);
      stream.words(fast, s);
      referenceWords(stream, slow, s);
      expect(Array.from(fast)).toEqual(Array.from(slow));
    }
  });

  it('equals the JS reference across several scratch chunks', () => {
    const stream = new RandomStream(7, 'big');
    const fast = new Uint32Array(200_003);
    const slow = new Uint32Array(200_003);
    stream.words(fast, 5);
    referenceWords(stream, slow, 5);
    expect(Buffer.from(fast.buffer).equals(Buffer.from(slow.buffer))).toBe(
      true,
    );
  });
});
