import { describe, expect, it } from 'vitest';
import { OnnxFormatError } from './errors.js';
import {
  encodeVarint,
  readFields,
  readLength,
  readVarint,
  varintSize,
} from './wire.js';

describe('varints', () => {
  it.each([
    [0, [0]],
    [1, [1]],
    [127, [0x7f]],
    [128, [0x80, 1]],
    [300, [0xac, 2]],
    [2 ** 32, [0x80, 0x80, 0x80, 0x80, 0x10]],
    [2 ** 53 - 1, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]],
  ])('%d encodes as the protobuf spec says and reads back', (n, bytes) => {
    expect(Array.from(encodeVarint(n))).toEqual(bytes);
    expect(varintSize(n)).toBe(bytes.length);
    const r = readLength(Uint8Array.from(bytes), 0, bytes.length, 'x');
    expect(r).toEqual({ value: n, next: bytes.length });
  });

  it('reads a negative int32 as its 10-byte two-complement varint', () => {
    const minusOne = Uint8Array.from([...Array(9).fill(0xff), 0x01]);
    const v = readVarint(minusOne, 0, 10, 'x');
    expect([v.lo | 0, v.hi | 0, v.next]).toEqual([-1, -1, 10]);
  });

  it('refuses truncated and over-long varints', () => {
    expect(() => readVarint(Uint8Array.from([0x80, 0x80]), 0, 2, 'f')).toThrow(
      /^f: file is truncated inside a varint$/,
    );
    expect(() => readVarint(new Uint8Array(11).fill(0x80), 0, 11, 'f')).toThrow(
      OnnxFormatError,
    );
  });
});

describe('readFields', () => {
  it('splits a message into fields with their byte ranges', () => {
    // field 1 varint 150; field 2 LEN "hi"; field 3 fixed32; field 4 fixed64
    const msg = Uint8Array.from([
      0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69, 0x1d, 1, 2, 3, 4, 0x21, 1, 2, 3,
      4, 5, 6, 7, 8,
    ]);
    const f = readFields(msg, 0, msg.length, 'm');
    expect(
      f.map((x) => [
        x.number,
        x.wireType,
        x.start,
        x.lenStart,
        x.valueStart,
        x.end,
      ]),
    ).toEqual([
      [1, 0, 0, 1, 1, 3],
      [2, 2, 3, 4, 5, 7],
      [3, 5, 7, 8, 8, 12],
      [4, 1, 12, 13, 13, 21],
    ]);
  });

  it('skips groups and refuses fields running past the end', () => {
    // field 5 start-group { field 1 varint 1 } end-group
    const group = Uint8Array.from([0x2b, 0x08, 0x01, 0x2c, 0x08, 0x02]);
    expect(
      readFields(group, 0, group.length, 'g').map((x) => x.number),
    ).toEqual([5, 1]);
    const cut = Uint8Array.from([0x12, 0x05, 0x68]);
    expect(() => readFields(cut, 0, 3, 'c')).toThrow(
      /truncated inside a field/,
    );
  });
});
