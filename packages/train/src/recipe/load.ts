/**
 * Reading recipes from JSON or YAML files and applying `--set key=value`
 * overrides, each parsed against the type of the default at its path.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';

import { parse as parseYaml } from 'yaml';

import { defaultRecipe, OPEN_FIELDS } from './defaults.js';
import { RecipeError, show } from './errors.js';
import type { Recipe } from './types.js';
import { isObject, resolveRecipe } from './validate.js';

/** Parses recipe text; `format` from the file extension. */
export function parseRecipeText(
  text: string,
  format: 'json' | 'yaml',
): unknown {
  try {
    return format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new RecipeError(
      `recipe: text must be valid ${format.toUpperCase()}; ` +
        `got ${(e as Error).message}`,
    );
  }
}

/** Reads, overrides (`key=value` strings, in order) and resolves a recipe. */
export function loadRecipe(path: string, sets: readonly string[] = []): Recipe {
  const ext = extname(path).toLowerCase();
  const format = ext === '.yaml' || ext === '.yml' ? 'yaml' : 'json';
  if (format === 'json' && ext !== '.json') {
    throw new RecipeError(
      `loadRecipe: file must end in .json, .yaml or .yml; got ${path}`,
    );
  }
  const raw = parseRecipeText(readFileSync(path, 'utf8'), format);
  return resolveRecipe(applySets(raw, sets));
}

/** A copy of `raw` with every `key=value` override applied. */
export function applySets(raw: unknown, sets: readonly string[]): unknown {
  if (!isObject(raw)) {
    throw new RecipeError(`recipe: recipe must be an object; got ${show(raw)}`);
  }
  const root: Record<string, unknown> = structuredClone(raw);
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq <= 0) {
      throw new RecipeError(`--set: override must be key=value; got ${set}`);
    }
    const key = set.slice(0, eq);
    const value = parseOverride(key, set.slice(eq + 1));
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (!isObject(next)) {
        node[part] = {};
      }
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1] as string] = value;
  }
  return root;
}

/** Parses an override's text as the type of the default at `key`. */
export function parseOverride(key: string, text: string): unknown {
  const parts = key.split('.');
  let def: unknown = defaultRecipe();
  for (let i = 0; i < parts.length; i++) {
    if (OPEN_FIELDS.includes(parts.slice(0, i).join('.'))) {
      return parseLoose(text);
    }
    const part = parts[i] as string;
    if (!isObject(def) || !(part in def)) {
      const known = isObject(def) ? Object.keys(def).join(', ') : '(none)';
      throw new RecipeError(
        `--set: key ${key} must name a recipe field (at ${part}: one of ` +
          `${known}); got ${key}`,
      );
    }
    def = def[part];
  }
  if (typeof def === 'number') {
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v)) {
      throw new RecipeError(`--set: ${key} must be a number; got ${text}`);
    }
    return v;
  }
  if (typeof def === 'boolean') {
    if (text !== 'true' && text !== 'false') {
      throw new RecipeError(`--set: ${key} must be true or false; got ${text}`);
    }
    return text === 'true';
  }
  if (typeof def === 'string') {
    return text;
  }
  if (Array.isArray(def)) {
    return text.trim() === ''
      ? []
      : text.split(',').map((s) => {
          const v = Number(s);
          if (!Number.isFinite(v)) {
            throw new RecipeError(
              `--set: ${key} must be comma-separated numbers; got ${text}`,
            );
          }
          return v;
        });
  }
  const v = parseLoose(text);
  if (!isObject(v) && !Array.isArray(v)) {
    throw new RecipeError(`--set: ${key} must be JSON; got ${text}`);
  }
  return v;
}

function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
