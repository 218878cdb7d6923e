import { readFile } from 'node:fs/promises';
import { createInitializer, findScheme } from '@zoo/init';
import { OnnxArgumentError } from '../errors.js';
import type { WeightInfo, WeightRole } from '../weights.js';
import { gainOption } from './gain.js';

/**
 * One rule of a rules file: which weights it matches and the scheme they
 * get. A weight takes the first rule that matches it; weights no rule
 * matches get the defaults (`--scheme`, `--bias`, BatchNorm identity).
 */
export interface Rule {
  /** Op type of a layer the weight feeds, e.g. `Conv`, `Gemm`. */
  readonly op?: string;
  /**
   * Glob on the weight's name (`*` and `?`), or `/regex/` (at most
   * `MAX_REGEX_LENGTH` characters, no nested quantifiers).
   */
  readonly name?: string;
  /**
   * The weight's role, e.g. `conv`, `gemm`, `bias`, `bn-scale`. A rule
   * without a role matches layer weights only (conv, conv-transpose, gemm,
   * matmul), never biases or BatchNorm parameters.
   */
  readonly role?: WeightRole;
  readonly scheme: string;
  readonly options?: Readonly<Record<string, unknown>>;
  /** A number, or `auto` for the gain of the following activation. */
  readonly gain?: number | 'auto';
}

const RULE_KEYS = ['op', 'name', 'role', 'scheme', 'options', 'gain'];
const LAYER_ROLES: readonly WeightRole[] = [
  'conv',
  'conv-transpose',
  'gemm',
  'matmul',
];
const ROLES: readonly WeightRole[] = [
  ...LAYER_ROLES,
  'bias',
  'bn-scale',
  'bn-bias',
  'bn-mean',
  'bn-var',
];

/** Reads and validates a rules file: `{ "rules": [Rule, ...] }`. */
export async function readRules(path: string): Promise<Rule[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new OnnxArgumentError(
      `rules: file ${path} must be readable; ` +
        clip((e as Error).message, 300),
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new OnnxArgumentError(
      `rules: ${path} must be JSON; ${clip((e as Error).message, 300)}`,
    );
  }
  return parseRules(json, path);
}

/** Validates rules given as JSON; unknown keys and bad types are errors. */
export function parseRules(json: unknown, where = 'rules'): Rule[] {
  if (!isObject(json) || !Array.isArray(json['rules'])) {
    throw new OnnxArgumentError(
      `${where}: must be an object { "rules": [...] }; got ${brief(json)}`,
    );
  }
  const extra = Object.keys(json).filter((k) => k !== 'rules');
  if (extra.length > 0) {
    throw new OnnxArgumentError(
      `${where}: unknown key ${extra.map((k) => clip(k, 60)).join(', ')}; ` +
        'allowed: rules',
    );
  }
  return json['rules'].map((rule: unknown, i: number) =>
    parseRule(rule, `${where}: rules[${i}]`),
  );
}

function parseRule(rule: unknown, where: string): Rule {
  if (!isObject(rule)) {
    throw new OnnxArgumentError(
      `${where} must be an object; got ${brief(rule)}`,
    );
  }
  for (const key of Object.keys(rule)) {
    if (!RULE_KEYS.includes(key)) {
      throw new OnnxArgumentError(
        `${where}: unknown key '${clip(key, 60)}'; allowed: ` +
          RULE_KEYS.join(', '),
      );
    }
  }
  const { op, name, role, scheme, options, gain } = rule;
  if (typeof scheme !== 'string') {
    throw new OnnxArgumentError(
      `${where}.scheme must be a scheme name; got ${brief(scheme)}`,
    );
  }
  for (const [key, value] of Object.entries({ op, name })) {
    if (value !== undefined && typeof value !== 'string') {
      throw new OnnxArgumentError(
        `${where}.${key} must be a string; got ${brief(value)}`,
      );
    }
  }
  if (role !== undefined && !ROLES.includes(role as WeightRole)) {
    throw new OnnxArgumentError(
      `${where}.role must be one of ${ROLES.join(', ')}; got ${brief(role)}`,
    );
  }
  if (options !== undefined && !isObject(options)) {
    throw new OnnxArgumentError(
      `${where}.options must be an object; got ${brief(options)}`,
    );
  }
  if (gain !== undefined && gain !== 'auto' && typeof gain !== 'number') {
    throw new OnnxArgumentError(
      `${where}.gain must be a number or "auto"; got ${brief(gain)}`,
    );
  }
  if (typeof gain === 'number' && !(Number.isFinite(gain) && gain > 0)) {
    throw new OnnxArgumentError(
      `${where}.gain must be a positive finite number or "auto"; ` +
        `got ${gain}`,
    );
  }
  const matcher =
    name === undefined ? undefined : nameMatcher(name as string, where);
  try {
    const known = findScheme(scheme);
    createInitializer(known.name, options ?? {});
    gainOption(known, gain as number | 'auto' | undefined);
  } catch (e) {
    throw new OnnxArgumentError(`${where}: ${clip((e as Error).message, 300)}`);
  }
  const parsed = { ...rule, scheme } as Rule;
  if (matcher !== undefined) matchers.set(parsed, matcher);
  return parsed;
}

/** The first rule matching `weight`, with its index, or undefined. */
export function matchRule(
  rules: readonly Rule[],
  weight: WeightInfo,
): { rule: Rule; index: number } | undefined {
  const index = rules.findIndex(
    (r) =>
      (r.op === undefined || weight.consumers.some((c) => c.opType === r.op)) &&
      (r.role === undefined
        ? LAYER_ROLES.includes(weight.role)
        : r.role === weight.role) &&
      (r.name === undefined || matcherOf(r)(weight.name)),
  );
  return index < 0 ? undefined : { rule: rules[index]!, index };
}

/** True when `rule.name` is `name` itself: no `*`, `?` or /regex/. */
export function isExactName(rule: Rule, name: string): boolean {
  return rule.name === name && !isRegex(name) && !/[*?]/.test(name);
}

/** The longest `/regex/` a rule may give, in characters. */
export const MAX_REGEX_LENGTH = 1000;

/** Compiled name patterns of parsed rules. */
const matchers = new WeakMap<Rule, (name: string) => boolean>();

function matcherOf(rule: Rule): (name: string) => boolean {
  let m = matchers.get(rule);
  if (m === undefined) {
    m = nameMatcher(rule.name ?? '*');
    matchers.set(rule, m);
  }
  return m;
}

function isRegex(pattern: string): boolean {
  return pattern.length > 1 && pattern.startsWith('/') && pattern.endsWith('/');
}

/**
 * `/regex/` as a RegExp, refused when longer than `MAX_REGEX_LENGTH` or
 * with a quantified group that holds a quantifier or an alternation
 * (`(a+)+`, `(a*)*`, `(a|a)*`: exponential backtracking). Anything else is
 * a glob, matched by `globMatch` without any RegExp.
 */
function nameMatcher(
  pattern: string,
  where = 'rules',
): (name: string) => boolean {
  if (!isRegex(pattern)) {
    const glob = Array.from(pattern);
    return (name) => globMatch(glob, Array.from(name));
  }
  const source = pattern.slice(1, -1);
  const limits =
    `/regex/ patterns must be at most ${MAX_REGEX_LENGTH} characters, ` +
    `with no quantified group holding a quantifier or | (such as ` +
    `(a+)+, (a*)*, (a|b)*)`;
  if (source.length > MAX_REGEX_LENGTH) {
    throw new OnnxArgumentError(
      `${where}.name: ${limits}; got ${source.length} characters: ` +
        brief(pattern),
    );
  }
  const nested = nestedQuantifier(source);
  if (nested !== undefined) {
    throw new OnnxArgumentError(
      `${where}.name: ${limits}; got ${brief(pattern)}, whose group ` +
        `${brief(nested)} is quantified`,
    );
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source);
  } catch (e) {
    // V8 echoes the whole pattern; keep only the reason after it.
    const reason = (e as Error).message.split(': ').pop() ?? '';
    throw new OnnxArgumentError(
      `${where}.name must be a valid /regex/; got ${brief(pattern)}: ` +
        clip(reason, 100),
    );
  }
  return (name) => regex.test(name);
}

/**
 * The first group of a regex source that is quantified (`*`, `+`, `{n,}`,
 * `{n,m}` with m > 1) and holds a quantifier or an alternation, or
 * undefined. Escapes and character classes are skipped.
 */
function nestedQuantifier(source: string): string | undefined {
  interface Group {
    start: number;
    risky: boolean;
  }
  const stack: Group[] = [{ start: 0, risky: false }];
  const repeats = (at: number): boolean => {
    const c = source[at];
    if (c === '*' || c === '+') return true;
    const m = /^\{(\d*)(,?)(\d*)\}/.exec(source.slice(at));
    if (m === null) return false;
    return m[2] === ',' ? m[3] === '' || Number(m[3]) > 1 : Number(m[1]) > 1;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const top = stack[stack.length - 1]!;
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) {
        if (source[i] === '\\') i++;
      }
    } else if (c === '(') {
      stack.push({ start: i, risky: false });
    } else if (c === ')' && stack.length > 1) {
      stack.pop();
      if (top.risky && repeats(i + 1)) return source.slice(top.start, i + 1);
      stack[stack.length - 1]!.risky ||= top.risky || repeats(i + 1);
    } else if (c === '|') {
      top.risky = true;
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      const afterGroupStart = c === '?' && source[i - 1] === '(';
      if (!afterGroupStart && (c !== '{' || repeats(i))) top.risky = true;
    }
  }
  return undefined;
}

/**
 * Whether `name` matches a glob where `*` is any run of characters and
 * `?` one character (code points). Greedy with one backtrack point, the
 * last `*`: O(name x pattern) at worst, never exponential.
 */
export function globMatch(
  glob: readonly string[],
  name: readonly string[],
): boolean {
  let g = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (g < glob.length && (glob[g] === '?' || glob[g] === name[n])) {
      g++;
      n++;
    } else if (g < glob.length && glob[g] === '*') {
      star = g++;
      resume = n;
    } else if (star >= 0) {
      g = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A value as JSON, cut to about 60 characters. */
function brief(x: unknown): string {
  return clip(JSON.stringify(x) ?? String(x), 60);
}

/** A tensor name for errors: JSON-quoted (controls escaped), cut to ~60. */
export function briefName(name: string): string {
  return brief(name);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
