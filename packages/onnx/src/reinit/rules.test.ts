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

describe('rules: name patterns that cannot hang', () => {
  const match = (name: string, pattern: string) =>
    matchRule(
      parseRules({ rules: [{ name: pattern, scheme: 'zeros' }] }),
      weight(name, 'conv', 'Conv'),
    ) !== undefined;

  it('matches globs without backtracking blow-up', () => {
    const start = performance.now();
    const glob = `${'*a'.repeat(24)}*b`;
    expect(match('a'.repeat(60), glob)).toBe(false);
    expect(match(`${'a'.repeat(59)}b`, glob)).toBe(true);
    expect(match(`${'a'.repeat(23)}b`.repeat(3), glob)).toBe(true);
    expect(match(`${'ab'.repeat(23)}b`, glob)).toBe(false);
    expect(match(`${'a'.repeat(24)}cb`, glob)).toBe(true);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it.each([
    ['features.*.weight', 'features.3.weight', true],
    ['features.*.weight', 'features.3.bias', false],
    ['conv?', 'conv1', true],
    ['conv?', 'conv12', false],
    ['*', '', true],
    ['a*b*c', 'abxbc', true],
    ['a*b*c', 'abxbcd', false],
    ['?', 'é', true],
    ['a?b', 'a\nb', true],
    ['x.y', 'xzy', false],
    ['(a)[b]', '(a)[b]', true],
  ])('glob %j on %j -> %s', (pattern, name, expected) => {
    expect(match(name, pattern)).toBe(expected);
  });

  it('refuses nested quantifiers and long /regex/, naming the limits', () => {
    const bad = (name: string) => () =>
      parseRules({ rules: [{ name, scheme: 'zeros' }] });
    for (const name of ['/^(a+)+$/', '/(a*)*/', '/(a|a)*/', '/((ab)+c)*/']) {
      expect(bad(name)).toThrow(
        /rules\[0\]\.name: \/regex\/ patterns must be at most 1000 characters, with no quantified group holding a quantifier or \|/,
      );
    }
    expect(bad(`/${'a'.repeat(1001)}/`)).toThrow(
      /got 1001 characters: "\/a{50,}\.\.\.$/,
    );
    expect(match('conv3', '/^(conv|fc)[0-9]+$/')).toBe(true);
    expect(match('conv3', '/^(?:conv)?[0-9]{1,2}(\\.w)?/')).toBe(true);
  });

  it('echoes at most ~60 characters of a bad value', () => {
    const huge = `/[${'x'.repeat(1_000_000)}/`;
    const err = (rule: unknown) => {
      try {
        parseRules({ rules: [rule] });
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(err({ name: `/[${'x'.repeat(900)}/`, scheme: 'zeros' })).toMatch(
      /^rules: rules\[0\]\.name must be a valid \/regex\/; got "\/\[x+\.\.\.: Unterminated character class$/,
    );
    for (const rule of [
      { name: huge, scheme: 'zeros' },
      { [huge]: 1, scheme: 'zeros' },
      { scheme: huge },
      { scheme: 'normal', options: { [huge]: 1 } },
    ]) {
      expect(err(rule).length).toBeLessThan(400);
    }
  });
});

describe('rules: gain', () => {
  it.each([-1, 0, Infinity, NaN])('refuses gain %s', (gain) => {
    expect(() =>
      parseRules({ rules: [{ scheme: 'orthogonal', gain }] }),
    ).toThrow(
      `rules: rules[0].gain must be a positive finite number or "auto"; ` +
        `got ${gain}`,
    );
    expect(() =>
      parseRules({ rules: [{ scheme: 'orthogonal', gain: '2' }] }),
    ).toThrow(/rules\[0\]\.gain must be a number or "auto"; got "2"/);
  });

  it('takes a positive gain and auto', () => {
    for (const gain of [0.5, 'auto']) {
      expect(parseRules({ rules: [{ scheme: 'orthogonal', gain }] })).toEqual([
        { scheme: 'orthogonal', gain },
      ]);
    }
  });
});
