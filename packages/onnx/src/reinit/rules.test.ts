import { describe, expect, it } from 'vitest';
import type { WeightInfo } from '../weights.js';
import { matchRule, parseRules } from './rules.js';

function weight(name: string, role: WeightInfo['role'], op: string) {
  return {
    name,
    role,
    consumers: [{ node: 'n', opType: op, input: role === 'bias' ? 2 : 1 }],
  } as unknown as WeightInfo;
}

describe('rules', () => {
  const rules = parseRules({
    rules: [
      { op: 'Gemm', scheme: 'normal', options: { std: 0.01 } },
      { name: 'features.*.bias', role: 'bias', scheme: 'ones' },
      { name: '/^conv[0-9]$/', scheme: 'orthogonal', gain: 'auto' },
    ],
  });

  it('takes the first rule that matches', () => {
    expect(matchRule(rules, weight('fc.weight', 'gemm', 'Gemm'))?.index).toBe(
      0,
    );
    expect(matchRule(rules, weight('conv3', 'conv', 'Conv'))?.index).toBe(2);
    expect(matchRule(rules, weight('conv33', 'conv', 'Conv'))).toBeUndefined();
  });

  it('matches biases only through an explicit role', () => {
    expect(matchRule(rules, weight('fc.bias', 'bias', 'Gemm'))).toBeUndefined();
    const bias = weight('features.3.bias', 'bias', 'Conv');
    expect(matchRule(rules, bias)?.index).toBe(1);
  });

  it('names the rule, the key and the allowed values in errors', () => {
    const ok = { scheme: 'zeros' };
    const bad = (rule: unknown) => () => parseRules({ rules: [ok, rule] });
    expect(bad({ scheme: 'ones', sheme: 1 })).toThrow(
      /rules\[1\]: unknown key 'sheme'; allowed: op, name, role/,
    );
    expect(bad({ scheme: 'xavier-magic' })).toThrow(
      /rules\[1\]: .*he-normal.*got 'xavier-magic'/,
    );
    expect(bad({ scheme: 'normal', options: { sdt: 1 } })).toThrow(
      /rules\[1\]: .*sdt/,
    );
    expect(bad({ scheme: 'he-normal', gain: 2 })).toThrow(
      /rules\[1\]: .*he-normal has none/,
    );
    expect(bad({ scheme: 'ones', role: 'weight' })).toThrow(
      /rules\[1\]\.role must be one of conv, .*got "weight"/,
    );
    expect(bad({ scheme: 'ones', name: '/[/' })).toThrow(/valid \/regex\//);
  });
});
