import { describe, expect, it } from 'vitest';
import { findScheme } from '../schemes/index.js';
import { decodeKey, encodeKey, matchLayout, restoreOptions } from './config.js';

describe('tfjs config encoding', () => {
  it('encodes keys so that case conversions leave them alone', () => {
    for (const key of ['conv1/kernel', 'Block_1/Conv%A/k', 'é_Ü', '_x', '']) {
      const encoded = encodeKey(key);
      expect(encoded).toBe(encoded.toLowerCase());
      expect(encoded).not.toContain('_');
      expect(decodeKey(encoded)).toBe(key);
    }
    expect(encodeKey('conv1/kernel')).toBe('conv1/kernel');
    expect(encodeKey('Block_1')).toBe('%42lock%5f1');
  });

  it('restores layouts and allowed option spellings', () => {
    expect(matchLayout('oihw', ['OIHW', 'IO'])).toBe('OIHW');
    expect(matchLayout('nchw', ['OIHW', 'IO'])).toBeUndefined();
    const scheme = findScheme('variance-scaling');
    expect(
      restoreOptions(scheme, {
        mode: 'fanAvg',
        distribution: 'truncatedNormal',
        scale: 2,
      }),
    ).toEqual({ mode: 'fan_avg', distribution: 'truncated-normal', scale: 2 });
  });
});
