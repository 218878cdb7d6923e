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
  /** Glob on the weight's name (`*` and `?`), or `/regex/`. */
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
      `rules: file ${path} must be readable; ${(e as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new OnnxArgumentError(
      `rules: ${path} must be JSON; ${(e as Error).message}`,
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
      `${where}: unknown key ${extra.join(', ')}; allowed: rules`,
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
        `${where}: unknown key '${key}'; allowed: ${RULE_KEYS.join(', ')}`,
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
  if (
    gain !== undefined &&
    gain !== 'auto' &&
    !(typeof gain === 'number' && Number.isFinite(gain))
  ) {
    throw new OnnxArgumentError(
      `${where}.gain must be a number or "auto"; got ${brief(gain)}`,
    );
  }
  if (name !== undefined) namePattern(name as string, where);
  try {
    const known = findScheme(scheme);
    createInitializer(known.name, options ?? {});
    gainOption(known, gain as number | 'auto' | undefined);
  } catch (e) {
    throw new OnnxArgumentError(`${where}: ${(e as Error).message}`);
  }
  return { ...rule, scheme } as Rule;
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
      (r.name === undefined || namePattern(r.name).test(weight.name)),
  );
  return index < 0 ? undefined : { rule: rules[index]!, index };
}

/** `/regex/` as is; otherwise a glob where `*` is any run and `?` one char. */
function namePattern(pattern: string, where = 'rules'): RegExp {
  if (pattern.length > 1 && pattern.startsWith('/') && pattern.endsWith('/')) {
    try {
      return new RegExp(pattern.slice(1, -1));
    } catch (e) {
      throw new OnnxArgumentError(
        `${where}.name must be a valid /regex/; ${(e as Error).message}`,
      );
    }
  }
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function brief(x: unknown): string {
  const text = JSON.stringify(x) ?? String(x);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
