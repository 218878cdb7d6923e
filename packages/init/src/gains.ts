/**
 * Gains: the factor by which an initializer scales its std so that a
 * layer followed by a given activation keeps the signal's second moment.
 */

/** Activations with a tabulated gain. */
export type Activation =
  | 'linear'
  | 'identity'
  | 'conv'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky-relu'
  | 'selu';

/** Every name `gain` accepts, in alphabetical order. */
export const ACTIVATIONS: readonly Activation[] = [
  'conv',
  'identity',
  'leaky-relu',
  'linear',
  'relu',
  'selu',
  'sigmoid',
  'tanh',
];

/** The default negative slope of `leaky-relu`, as in PyTorch. */
export const DEFAULT_NEGATIVE_SLOPE = 0.01;

/**
 * The tabulated gain of an activation, as torch.nn.init.calculate_gain.
 *
 * | activation         | gain               |
 * | ------------------ | ------------------ |
 * | linear, identity   | 1                  |
 * | conv               | 1                  |
 * | sigmoid            | 1                  |
 * | tanh               | 5/3 (heuristic)    |
 * | relu               | sqrt(2)            |
 * | leaky-relu (a)     | sqrt(2 / (1 + a^2))|
 * | selu               | 3/4 (heuristic)    |
 *
 * relu, leaky-relu and linear are exact (see `numericGain`); tanh's 5/3
 * and selu's 3/4 are heuristics, not the variance-preserving values
 * (1.5925 and 1.0000 by `numericGain`); sigmoid's 1 ignores its nonzero mean.
 *
 * @param activation one of `ACTIVATIONS`.
 * @param param the negative slope of `leaky-relu`; default 0.01. An
 *   explicit 0 is honoured (then the gain is that of relu).
 * @example gain('leaky-relu', 0.2) // sqrt(2 / 1.04) = 1.3867...
 */
export function gain(activation: string, param?: number): number {
  switch (activation) {
    case 'linear':
    case 'identity':
    case 'conv':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky-relu':
      return leakyReluGain(param ?? DEFAULT_NEGATIVE_SLOPE);
    case 'selu':
      return 3 / 4;
    default:
      throw new RangeError(
        `gain: activation must be one of ${ACTIVATIONS.join(', ')}; ` +
          `got '${activation}'`,
      );
  }
}

/**
 * The gain sqrt(2 / (1 + a^2)) of a leaky relu with negative slope a
 * (He et al. 2015, eq. 15 with their a).
 */
export function leakyReluGain(negativeSlope: number): number {
  if (!Number.isFinite(negativeSlope)) {
    throw new RangeError(
      `leakyReluGain: negativeSlope must be a finite number; ` +
        `got ${negativeSlope}`,
    );
  }
  return Math.sqrt(2 / (1 + negativeSlope * negativeSlope));
}

/**
 * The variance-preserving gain of any activation f:
 *
 *     g = 1 / sqrt(E[f(z)^2]),  z ~ N(0, 1).
 *
 * Convention: He et al. (2015, eq. 7) show that with zero-mean weights of
 * variance v the next pre-activation has Var = n v E[x^2], where
 * x = f(y) is this layer's output. What the next layer sees is therefore
 * the second moment E[f(y)^2], not Var[f(y)]: a nonzero mean of f counts.
 * With std = g / sqrt(n) a unit-variance pre-activation maps to a
 * unit-variance pre-activation. The value is evaluated at unit input
 * variance; it is a fixed point for every depth only when f is positively
 * homogeneous (linear, relu, leaky relu). This gives sqrt(2) for relu and
 * sqrt(2 / (1 + a^2)) for leaky relu, as He et al.; for tanh it gives
 * about 1.5925, not the 5/3 heuristic of `gain`.
 *
 * Computed by adaptive Gauss-Kronrod (7-15) quadrature of
 * f(z)^2 phi(z) over [-40, 40], split at every integer so kinks at 0 and
 * at integer clip points fall on panel edges; relative accuracy ~1e-12.
 * The tolerance is 1e-15 times the moment, and the quadrature stops after
 * `MAX_PANELS` panels in all: a jump that never meets the tolerance costs
 * at most that much work.
 *
 * @param f the activation, a pure function of one number, finite for
 *   every finite input (an infinite or NaN f(z) is an error, as is an
 *   f(z)^2 that overflows).
 * @example numericGain((x) => Math.max(x, 0)) // 1.41421356...
 */
export function numericGain(f: (x: number) => number): number {
  const moment = gaussianExpectation((z) => {
    const y = f(z);
    if (!Number.isFinite(y)) {
      throw new RangeError(
        `numericGain: f(z) must be finite for every z; got f(${z}) = ${y}`,
      );
    }
    return y * y;
  });
  if (!(moment > 0) || !Number.isFinite(moment)) {
    throw new RangeError(
      `numericGain: E[f(z)^2] must be finite and > 0; got ${moment}`,
    );
  }
  return 1 / Math.sqrt(moment);
}

/**
 * The most Gauss-Kronrod panels (15 evaluations each) one
 * `gaussianExpectation` spends over all of [-40, 40]; smooth integrands
 * need about 200, a jump off the integer grid about 80 more.
 */
export const MAX_PANELS = 100_000;

/**
 * E[h(z)] for z ~ N(0, 1), by adaptive Gauss-Kronrod quadrature. Throws
 * when h(z) is not finite somewhere (NaN, infinity, overflow) or when
 * the tolerance is not met within `MAX_PANELS` panels.
 */
export function gaussianExpectation(h: (z: number) => number): number {
  const density = (z: number): number =>
    Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  const integrand = (z: number): number => {
    const y = h(z);
    if (!Number.isFinite(y)) {
      throw new RangeError(
        `gaussianExpectation: h(z) must be finite for every z; got ` +
          `h(${z}) = ${y}`,
      );
    }
    return y * density(z);
  };
  // The tolerance is relative to a first estimate, so that integrands of
  // any scale (a Clip at 1e38 has E[f^2] = 1e76) converge alike.
  let scale = 0;
  for (let a = -40; a < 40; a++) {
    scale += Math.abs(kronrod(integrand, a, a + 1)[0]);
  }
  const tol = 1e-15 * Math.max(1, scale);
  const budget = { panels: MAX_PANELS };
  let total = 0;
  for (let a = -40; a < 40; a++) {
    total += adaptive(integrand, a, a + 1, tol, budget);
  }
  return total;
}

// Gauss-Kronrod 7-15 nodes and weights on [-1, 1] (symmetric half).
const XGK = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691,
  0.7415311855993945, 0.5860872354676911, 0.4058451513773972,
  0.20778495500789848, 0,
];
const WGK = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019,
  0.14065325971552592, 0.1690047266392679, 0.19035057806478542,
  0.20443294007529889, 0.20948214108472782,
];
const WG = [
  0.1294849661688697, 0.27970539148927664, 0.3818300505051189,
  0.4179591836734694,
];

function kronrod(
  f: (x: number) => number,
  a: number,
  b: number,
): [number, number] {
  const centre = 0.5 * (a + b);
  const half = 0.5 * (b - a);
  const fc = f(centre);
  let k = fc * WGK[7]!;
  let g = fc * WG[3]!;
  for (let j = 0; j < 7; j++) {
    const dx = half * XGK[j]!;
    const sum = f(centre - dx) + f(centre + dx);
    k += WGK[j]! * sum;
    if (j % 2 === 1) g += WG[(j - 1) / 2]! * sum;
  }
  return [k * half, Math.abs((k - g) * half)];
}

/**
 * Bisects [a, b] until each panel's error estimate meets its share of
 * `tol`; panels cost one unit of `budget` each.
 */
function adaptive(
  f: (x: number) => number,
  a: number,
  b: number,
  tol: number,
  budget: { panels: number },
): number {
  if (budget.panels <= 0) {
    throw new RangeError(
      `gaussianExpectation: quadrature must converge within ` +
        `${MAX_PANELS} panels; got no convergence on [${a}, ${b}]`,
    );
  }
  budget.panels--;
  const [value, error] = kronrod(f, a, b);
  // 2^-40 wide at most 40 halvings deep: finer panels only add rounding.
  if (error <= tol || b - a < 1e-12) return value;
  const m = 0.5 * (a + b);
  return (
    adaptive(f, a, m, tol / 2, budget) + adaptive(f, m, b, tol / 2, budget)
  );
}
