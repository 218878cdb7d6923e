import { describe, expect, it } from 'vitest';
import { encodeValues } from '../encode.js';
import { type OnnxModel, findTensor, parseModel } from '../model.js';
import { onnx } from '../proto.js';
import { type ReinitOptions, planReinit } from './plan.js';
import { parseRules } from './rules.js';

const TYPE = { float32: 1, float16: 10, float64: 11, bfloat16: 16 } as const;
type Type = keyof typeof TYPE;

interface Init {
  readonly name: string;
  readonly dims: readonly number[];
  readonly type?: Type;
  /** Scalar value (Clip bounds); zeros otherwise. */
  readonly value?: number;
}

/** A main graph of `nodes` over float initializers, as ONNX bytes. */
function model(
  nodes: readonly {
    op: string;
    inputs: string[];
    output: string;
    name?: string;
  }[],
  inits: readonly Init[],
): OnnxModel {
  const bytesPer = { float32: 4, float16: 2, float64: 8, bfloat16: 2 };
  const initializer = inits.map((t) => {
    const type = t.type ?? 'float32';
    const size = t.dims.reduce((a, b) => a * b, 1);
    const raw = new Uint8Array(size * bytesPer[type]);
    if (t.value !== undefined) {
      const Kind = type === 'float64' ? Float64Array : Float32Array;
      raw.set(new Uint8Array(Kind.of(t.value).buffer));
    }
    return {
      name: t.name,
      dims: [...t.dims],
      dataType: TYPE[type],
      rawData: raw,
    };
  });
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'g',
      node: nodes.map((n) => ({
        name: n.name ?? '',
        opType: n.op,
        input: n.inputs,
        output: [n.output],
      })),
      input: [{ name: 'x' }],
      output: [{ name: nodes[nodes.length - 1]!.output }],
      initializer,
    },
  });
  return parseModel(onnx.ModelProto.encode(proto).finish(), { path: 'm' });
}

/** Conv(x, w, b) -> act, with Clip bounds as initializers when given. */
function convThen(act: string, extra: Init[] = [], type: Type = 'float32') {
  const clipInputs = extra.length > 0 ? ['cmin', 'cmax'] : [];
  return model(
    [
      { op: 'Conv', inputs: ['x', 'w', 'b'], output: 'y', name: 'conv0' },
      { op: act, inputs: ['y', ...clipInputs], output: 'z' },
    ],
    [
      { name: 'w', dims: [4, 3, 3, 3], type },
      { name: 'b', dims: [4], type },
      ...extra,
    ],
  );
}

const plan = (m: OnnxModel, o: Partial<ReinitOptions>) =>
  planReinit(m, { scheme: 'orthogonal', seed: 0, ...o });

describe('planReinit: gain auto after Clip', () => {
  const clip = (lo: number, hi: number, type: Type = 'float32') =>
    convThen('Clip', [
      { name: 'cmin', dims: [], value: lo, type },
      { name: 'cmax', dims: [], value: hi, type },
    ]);

  it('refuses empty, NaN and overflowing bounds at once, naming tensor and layer', () => {
    const start = performance.now();
    for (const [lo, hi] of [
      [Infinity, -Infinity],
      [NaN, NaN],
      [0, 0],
      [2, 1],
      [1e155, 1e156],
    ]) {
      const m = clip(lo!, hi!, 'float64');
      expect(() => plan(m, { gain: 'auto' })).toThrow(
        /^reinit: tensor "w" \(--scheme\): gain auto after layer "conv0" \(clip\(.*\)\): .*(Clip min|must be finite)/,
      );
    }
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('reads -inf and +inf bounds as unbounded', () => {
    const p = plan(clip(0, Infinity), { gain: 'auto' });
    expect(p.weights[0]!.options['gain']).toBeCloseTo(Math.SQRT2, 12);
    const q = plan(clip(-Infinity, Infinity), { gain: 'auto' });
    expect(q.weights[0]!.options['gain']).toBeCloseTo(1, 12);
  });
});

describe('planReinit: values that overflow the tensor type', () => {
  it.each([
    [
      'float32',
      'constant',
      { value: 1e39 },
      /constant value 1e\+39 is not finite in float32/,
    ],
    [
      'float32',
      'normal',
      { std: 1e39 },
      /normal values up to \|mean\| \+ 5\.9 std = 5\.9\d*e\+39 is not finite in float32/,
    ],
    [
      'float16',
      'constant',
      { value: 70000 },
      /constant value 70000 is not finite in float16/,
    ],
    [
      'float16',
      'uniform',
      { low: -1, high: 65520 },
      /uniform on \[-1, 65520\] is not finite in float16/,
    ],
    [
      'float16',
      'normal',
      { std: 20000 },
      /normal values up to .* is not finite in float16/,
    ],
    [
      'bfloat16',
      'constant',
      { value: 1e39 },
      /constant value 1e\+39 is not finite in bfloat16/,
    ],
    [
      'float64',
      'normal',
      { std: 1e39 },
      /not finite in float32 \(normals are computed in it\)/,
    ],
  ] as const)('%s %s %o', (type, scheme, schemeOptions, message) => {
    const m = convThen('Relu', [], type);
    expect(() => plan(m, { scheme, schemeOptions })).toThrow(message);
    expect(() => plan(m, { scheme, schemeOptions })).toThrow(
      new RegExp(`\\(tensor "w", ${type}, ${scheme} from --scheme\\)$`),
    );
  });

  it('checks biases and keeps values that round to the largest finite', () => {
    const m = convThen('Relu', [], 'float16');
    expect(() =>
      plan(m, { scheme: 'zeros', bias: { kind: 'constant', value: 1e5 } }),
    ).toThrow(/constant value 100000 is not finite in float16 \(tensor "b"/);
    // 65519 rounds down to 65504; 1e39 is fine in float64.
    const ok = { scheme: 'constant', schemeOptions: { value: 65519 } };
    expect(plan(m, ok).weights).toHaveLength(2);
    const wide = convThen('Relu', [], 'float64');
    const big = { scheme: 'constant', schemeOptions: { value: 1e300 } };
    expect(plan(wide, big).weights).toHaveLength(2);
    // Truncated normals and uniforms are computed in float64 there.
    const trunc = { scheme: 'truncated-normal', schemeOptions: { std: 1e39 } };
    expect(plan(wide, trunc).weights).toHaveLength(2);
    const uniform = {
      scheme: 'uniform',
      schemeOptions: { low: -3e38, high: 3e38 },
    };
    expect(plan(wide, uniform).weights).toHaveLength(2);
    // In float32 the width high - low = 6e38 overflows.
    expect(() => plan(convThen('Relu'), uniform)).toThrow(
      /uniform on \[-3e\+38, 3e\+38\] is not finite in float32/,
    );
  });

  it('encodeValues refuses a finite value that overflows (backstop)', () => {
    const m = convThen('Relu', [], 'float16');
    const entry = findTensor(m, 'w');
    expect(() => encodeValues(Float32Array.of(1, 70000), entry)).toThrow(
      'writeModel: value 70000 of tensor "w" must be finite in float16; ' +
        'got Infinity',
    );
    const f32 = findTensor(convThen('Relu'), 'w');
    expect(() => encodeValues(Float64Array.of(-1e39), f32)).toThrow(
      /value -1e\+39 of tensor "w" must be finite in float32; got -Infinity/,
    );
    // Infinities given as such are written as such.
    expect(encodeValues(Float32Array.of(Infinity), entry)).toEqual(
      Uint8Array.of(0x00, 0x7c),
    );
  });
});

describe('planReinit: a tensor shared by layers with different fans', () => {
  // b feeds conv0 (w: fan_in 27) and, through an Identity, conv1 (v: 16).
  const shared = () =>
    model(
      [
        { op: 'Conv', inputs: ['x', 'w', 'b'], output: 'y', name: 'conv0' },
        { op: 'Identity', inputs: ['b'], output: 'b1' },
        { op: 'Conv', inputs: ['y', 'v', 'b1'], output: 'z', name: 'conv1' },
      ],
      [
        { name: 'w', dims: [4, 3, 3, 3] },
        { name: 'b', dims: [4] },
        { name: 'v', dims: [4, 4, 2, 2] },
      ],
    );

  it('refuses a fan-dependent scheme, naming the tensor and the layers', () => {
    expect(() => plan(shared(), { bias: { kind: 'torch-legacy' } })).toThrow(
      'reinit: tensor "b" feeds layers with different fans (fan_in 27 ' +
        'fan_out 36: "conv0"; fan_in 16 fan_out 16: "conv1") and ' +
        'torch-legacy (--bias) depends on them',
    );
    const rules = parseRules({
      rules: [{ name: 'b*', role: 'bias', scheme: 'he-normal' }],
    });
    expect(() => plan(shared(), { rules })).toThrow(/tensor "b" feeds/);
  });

  it('takes fan-free schemes, and any scheme from a rule naming it', () => {
    for (const bias of [
      { kind: 'zeros' },
      { kind: 'constant', value: 0.1 },
    ] as const) {
      expect(plan(shared(), { bias }).weights).toHaveLength(3);
    }
    const rules = parseRules({
      rules: [{ name: 'b', role: 'bias', scheme: 'torch-legacy' }],
    });
    const p = plan(shared(), { rules }).weights.find(
      (w) => w.weight.name === 'b',
    );
    expect(p?.targetStd).toBeCloseTo(1 / Math.sqrt(27) / Math.sqrt(3), 12);
  });
});

describe('planReinit: errors name the tensor and the rule', () => {
  it.each(['sparse', 'orthogonal'])('a bias rule with %s', (scheme) => {
    const rules = parseRules({ rules: [{ role: 'bias', scheme }] });
    expect(() => plan(convThen('Relu'), { rules })).toThrow(
      new RegExp(`^reinit: tensor "b" \\(rules\\[0\\], rule 1\\): .*${scheme}`),
    );
  });
});
