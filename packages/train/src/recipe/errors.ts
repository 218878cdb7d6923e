/** Bad input: a recipe, an override or a data file that cannot be used. */
export class RecipeError extends Error {
  override readonly name = 'RecipeError';
}

/** Describes a value for an error message: JSON where possible, and type. */
export function show(value: unknown): string {
  const type = Array.isArray(value) ? 'array' : typeof value;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return `${text} (${value === null ? 'null' : type})`;
}
