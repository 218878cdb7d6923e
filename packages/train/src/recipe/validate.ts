/**
 * Checks a parsed recipe against the defaults: every key must exist in the
 * defaults (unknown keys are an error naming their path), every value must
 * have the default's type, enumerations and integers are checked, and the
 * result is the defaults overlaid with the given values.
 */
import { defaultRecipe, ENUMS, INTEGERS, OPEN_FIELDS } from './defaults.js';
import { RecipeError, show } from './errors.js';
import type { InitRule, Recipe } from './types.js';

type Json = Record<string, unknown>;

/** The most decoding threads a recipe may ask for. */
export const MAX_DECODE_THREADS = 64;

/** A full recipe from a partial one; throws RecipeError on bad input. */
export function resolveRecipe(raw: unknown): Recipe {
  const recipe = merge(raw, defaultRecipe(), '') as Recipe;
  checkRanges(recipe);
  return recipe;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function where(path: string): string {
  return path === '' ? 'recipe' : path;
}

function merge(value: unknown, def: unknown, path: string): unknown {
  if (path === 'init.rules') {
    return checkRules(value);
  }
  if (Array.isArray(def)) {
    if (!Array.isArray(value)) {
      throw new RecipeError(
        `recipe: ${path} must be an array of numbers; got ${show(value)}`,
      );
    }
    value.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RecipeError(
          `recipe: ${path}[${i}] must be a finite number; got ${show(v)}`,
        );
      }
    });
    return [...(value as number[])];
  }
  if (isObject(def)) {
    if (!isObject(value)) {
      throw new RecipeError(
        `recipe: ${where(path)} must be an object; got ${show(value)}`,
      );
    }
    if (OPEN_FIELDS.includes(path)) {
      return { ...value };
    }
    const out: Json = { ...def };
    for (const [key, v] of Object.entries(value)) {
      const sub = path === '' ? key : `${path}.${key}`;
      if (!(key in def)) {
        throw new RecipeError(
          `recipe: key ${sub} must be one of ` +
            `${Object.keys(def).join(', ')}${path === '' ? '' : ` in ${path}`}; ` +
            `got ${key}`,
        );
      }
      out[key] = merge(v, def[key], sub);
    }
    return out;
  }
  return checkScalar(value, def, path);
}

function checkScalar(value: unknown, def: unknown, path: string): unknown {
  const type = typeof def;
  if (typeof value !== type) {
    throw new RecipeError(
      `recipe: ${path} must be a ${type}; got ${show(value)}`,
    );
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new RecipeError(
        `recipe: ${path} must be a finite number; got ${value}`,
      );
    }
    if (
      INTEGERS.includes(path) &&
      !(Number.isSafeInteger(value) && value >= 0)
    ) {
      throw new RecipeError(
        `recipe: ${path} must be a non-negative integer; got ${value}`,
      );
    }
  }
  const allowed = ENUMS[path];
  if (allowed !== undefined && !allowed.includes(value as string)) {
    throw new RecipeError(
      `recipe: ${path} must be one of ${allowed.join(', ')}; got ${show(value)}`,
    );
  }
  return value;
}

const RULE_KEYS = ['name', 'role', 'scheme', 'options'];

function checkRules(value: unknown): InitRule[] {
  if (!Array.isArray(value)) {
    throw new RecipeError(
      `recipe: init.rules must be an array of rules; got ${show(value)}`,
    );
  }
  return value.map((rule: unknown, i) => {
    const at = `init.rules[${i}]`;
    if (!isObject(rule)) {
      throw new RecipeError(
        `recipe: ${at} must be an object; got ${show(rule)}`,
      );
    }
    for (const key of Object.keys(rule)) {
      if (!RULE_KEYS.includes(key)) {
        throw new RecipeError(
          `recipe: key ${at}.${key} must be one of ${RULE_KEYS.join(', ')}; ` +
            `got ${key}`,
        );
      }
    }
    if (typeof rule['scheme'] !== 'string') {
      throw new RecipeError(
        `recipe: ${at}.scheme must be a string; got ${show(rule['scheme'])}`,
      );
    }
    if (rule['name'] !== undefined && typeof rule['name'] !== 'string') {
      throw new RecipeError(
        `recipe: ${at}.name must be a string; got ${show(rule['name'])}`,
      );
    }
    const role = rule['role'];
    if (role !== undefined && role !== 'kernel' && role !== 'bias') {
      throw new RecipeError(
        `recipe: ${at}.role must be one of kernel, bias; got ${show(role)}`,
      );
    }
    if (rule['options'] !== undefined && !isObject(rule['options'])) {
      throw new RecipeError(
        `recipe: ${at}.options must be an object; got ${show(rule['options'])}`,
      );
    }
    return { ...(rule as unknown as InitRule) };
  });
}

function checkRanges(r: Recipe): void {
  const positive: [string, number][] = [
    ['epochs', r.epochs],
    ['batchSize', r.batchSize],
    ['logEvery', r.logEvery],
    ['optimizer.lr', r.optimizer.lr],
    ['schedule.stepEpochs', r.schedule.stepEpochs],
    ['data.resize', r.data.resize],
    ['data.crop', r.data.crop],
  ];
  for (const [path, v] of positive) {
    if (!(v > 0)) {
      throw new RecipeError(`recipe: ${path} must be positive; got ${v}`);
    }
  }
  if (r.data.crop > r.data.resize) {
    throw new RecipeError(
      `recipe: data.crop must be at most data.resize (${r.data.resize}); ` +
        `got ${r.data.crop}`,
    );
  }
  const t = r.data.decodeThreads;
  if (!(Number.isSafeInteger(t) && t >= -1 && t <= MAX_DECODE_THREADS)) {
    throw new RecipeError(
      `recipe: data.decodeThreads must be an integer in ` +
        `[-1, ${MAX_DECODE_THREADS}] (-1 = min(4, cores)); got ${t}`,
    );
  }
  const m = r.optimizer.momentum;
  if (!(m >= 0 && m < 1)) {
    throw new RecipeError(
      `recipe: optimizer.momentum must be in [0, 1); got ${m}`,
    );
  }
  if (r.optimizer.nesterov && m === 0) {
    throw new RecipeError(
      `recipe: optimizer.momentum must be positive with nesterov; got ${m}`,
    );
  }
  if (
    r.data.mean.length !== r.data.std.length ||
    r.data.std.some((s) => !(s > 0))
  ) {
    throw new RecipeError(
      `recipe: data.std must be positive numbers, one per data.mean entry; ` +
        `got mean ${show(r.data.mean)}, std ${show(r.data.std)}`,
    );
  }
}
