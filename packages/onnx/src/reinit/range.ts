import { findScheme } from '@zoo/init';
import { storedAs } from '../encode.js';
import { OnnxArgumentError } from '../errors.js';
import type { PlannedWeight } from './plan.js';
import { briefName } from './rules.js';

// Normals come from 24-bit uniforms: |z| <= sqrt(2 ln 2^25) = 5.887 for
// Box-Muller, less for the inverse CDF of truncated normals.
const NORMAL_TAIL = 5.9;

/**
 * Throws when a value the weight's initializer can produce is not finite
 * once stored in the tensor's type (float32 1e39, float16 70000).
 * Normals (normal, sparse) are computed in float32 for every type.
 */
export function checkRange(p: PlannedWeight): void {
  const largest = largestValue(p);
  if (largest === undefined) return;
  const type = p.weight.dataType;
  const inF32 = largest.f32 && type === 'float64';
  const computed = inF32 ? 'float32' : type;
  if (Number.isFinite(storedAs(computed, largest.value))) return;
  const where = inF32 ? `float32 (normals are computed in it)` : type;
  throw new OnnxArgumentError(
    `reinit: ${largest.what} is not finite in ${where} (tensor ` +
      `${briefName(p.weight.name)}, ${type}, ${p.scheme} from ${p.origin})`,
  );
}

/** The largest |value| of a weight's initializer, with how it was found. */
function largestValue(
  p: PlannedWeight,
): { value: number; what: string; f32: boolean } | undefined {
  const d = p.initializer.describe(p.spec);
  const option = (name: string): number => {
    const given = p.options[name];
    const fallback = findScheme(p.scheme).options.find((o) => o.name === name);
    return Number(given ?? fallback?.default ?? 1);
  };
  const normal = (mean: number, std: number, cut: number, f32: boolean) => {
    const value = Math.abs(mean) + Math.abs(std) * cut;
    const what = `${p.scheme} values up to |mean| + ${cut} std = ${value}`;
    return { value, what, f32 };
  };
  const plain = (value: number, what: string) => ({ value, what, f32: false });
  switch (d.kind) {
    case 'constant':
      return plain(d.value, `constant value ${d.value}`);
    case 'uniform': {
      // Float32 fills compute low + (high - low) u in float32.
      const width = p.weight.dataType === 'float64' ? 0 : d.high - d.low;
      const value = Math.max(Math.abs(d.low), Math.abs(d.high), width);
      return plain(value, `uniform on [${d.low}, ${d.high}]`);
    }
    case 'normal':
      return normal(d.mean, d.std, NORMAL_TAIL, true);
    case 'truncated-normal': {
      const cut = Math.min(Math.max(-d.lower, d.upper), NORMAL_TAIL);
      return normal(d.mean, d.std, cut, false);
    }
    case 'orthogonal':
      return plain(Math.abs(d.gain), `orthogonal gain ${d.gain}`);
    default:
      if (p.scheme === 'sparse') {
        return normal(0, option('std'), NORMAL_TAIL, true);
      }
      if (p.scheme === 'identity' || p.scheme === 'delta-orthogonal') {
        return plain(Math.abs(option('gain')), `gain ${option('gain')}`);
      }
      return undefined;
  }
}
