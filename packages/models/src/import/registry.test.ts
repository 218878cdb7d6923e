import { describe, expect, it } from 'vitest';
import { ZooInputError, ZooNotImplementedError } from '../errors.js';
import { findConverter, getConverter, registerConverter } from './registry.js';

const convert = () => () => [];

describe('converter registry', () => {
  it('finds a converter by the range holding the opset', () => {
    registerConverter({
      opType: 'TestOp',
      domain: 'test.zoo',
      versions: [1, 9],
      summary: 'old',
      convert,
    });
    registerConverter({
      opType: 'TestOp',
      domain: 'test.zoo',
      versions: [10, 12],
      summary: 'new',
      convert,
    });
    expect(findConverter('test.zoo', 'TestOp', 9)?.summary).toBe('old');
    expect(findConverter('test.zoo', 'TestOp', 10)?.summary).toBe('new');
    expect(findConverter('test.zoo', 'TestOp', 13)).toBeUndefined();
  });

  it('refuses overlapping registrations', () => {
    expect(() =>
      registerConverter({
        opType: 'TestOp',
        domain: 'test.zoo',
        versions: [12, 14],
        summary: 'overlap',
        convert,
      }),
    ).toThrow(ZooInputError);
    expect(() =>
      registerConverter({
        opType: 'Other',
        versions: [3, 2],
        summary: 'backwards',
        convert,
      }),
    ).toThrow(/versions must be \[first, last\]/);
  });

  it('names (domain, op, version) when nothing matches', () => {
    expect(() => getConverter('test.zoo', 'TestOp', 13)).toThrow(
      new ZooNotImplementedError(
        'importOnnx: no converter for (test.zoo, TestOp, opset 13)',
      ),
    );
  });
});
