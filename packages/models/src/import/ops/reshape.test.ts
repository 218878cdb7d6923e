import { describe, expect, it } from 'vitest';
import {
  ONE_NODE_TOLERANCE,
  oneNodeErrors,
} from '../../../test/import/one-node.js';

describe('reshape converter', () => {
  it('matches onnxruntime on one-node models', async () => {
    const errors = await oneNodeErrors('reshape');
    for (const [name, error] of Object.entries(errors)) {
      expect(error, name).toBeLessThan(ONE_NODE_TOLERANCE);
    }
    expect(Object.keys(errors).length).toBeGreaterThan(0);
  });
});
