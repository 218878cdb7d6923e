import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON } from '../../../packages/onnx/test/helpers.js';
import { runZoo } from '../src/testing.js';
import { cellText, formatTable, int } from '../src/table.js';
import { FIXTURES, tempDir } from './support.js';

// Input crafted to break `zoo`: hangs, silent infinities, shared tensors,
// names that drive the terminal. Each fails fast with exit 1 and an
// `error:` line naming the tensor, or prints safely.

const tmp = tempDir('zoo-cli-hardening-');
const at = (name: string) => join(tmp.dir, name);
const SQUEEZENET = join(FIXTURES, 'squeezenet1_1-torchvision-op11.onnx');
const NAMES = {
  unicode: '权重\u202e\u001b[31mred\u0007',
  newline: 'a\nb\tc',
  long: 'w'.repeat(1000),
};

const MAKE = String.raw`
import json, sys, numpy as np, onnx
from onnx import helper as h, numpy_helper as nh, TensorProto as T
out, names = sys.argv[1], json.loads(sys.argv[2])
def save(nodes, inits, name, x=[1, 3, 8, 8], dtype=T.FLOAT):
    g = h.make_graph(nodes, 'g', [h.make_tensor_value_info('x', dtype, x)],
        [h.make_tensor_value_info('z', dtype, None)], inits)
    m = h.make_model(g, opset_imports=[h.make_opsetid('', 13)])
    onnx.save(m, out + '/' + name + '.onnx')
rng = np.random.default_rng(0)
def conv(w='w', act='Relu', extra=(), dtype=np.float32):
    ws = nh.from_array(rng.standard_normal((4, 3, 3, 3)).astype(dtype), w)
    return [h.make_node('Conv', ['x', w], ['y'], name='conv0'),
            h.make_node(act, ['y', *[e.name for e in extra]], ['z'])], [ws, *extra]
for key, name in names.items():
    save(*conv(name), key)
save(*conv(), 'ok')
save(*conv(dtype=np.float16), 'fp16', dtype=T.FLOAT16)
for key, lo, hi in [('clipinf', np.inf, -np.inf), ('clipnan', np.nan, np.nan),
                    ('clipzero', 0, 0), ('cliphuge', 1e155, 1e156)]:
    bounds = [nh.from_array(np.array(v, np.float64), n)
              for v, n in [(lo, 'cmin'), (hi, 'cmax')]]
    save(*conv(act='Clip', extra=bounds), key)
fc = nh.from_array(np.zeros((10, 25088), np.float32), 'fc.weight')
save([h.make_node('Gemm', ['x', 'fc.weight'], ['z'], transB=1)], [fc], 'fc',
     x=[1, 25088])
`;

beforeAll(() => {
  execFileSync(PYTHON, ['-c', MAKE, tmp.dir, JSON.stringify(NAMES)]);
});
afterAll(() => tmp.remove());

/** The control and bidi characters of `text` but newline, as codes. */
function controls(text: string): number[] {
  return Array.from(text, (c) => c.codePointAt(0)!).filter(
    (c) =>
      (c < 0x20 && c !== 0x0a) ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069),
  );
}

/** Runs zoo; expects exit 1 within `ms` and returns its error line. */
async function fails(ms: number, ...argv: string[]): Promise<string> {
  const start = performance.now();
  const run = await runZoo(...argv);
  expect(performance.now() - start).toBeLessThan(ms);
  expect(run.code, run.stderr).toBe(1);
  expect(run.stdout).toBe('');
  return run.stderr;
}

describe('inspect tables', () => {
  it('prints fans as exact integers (25088, not 2.509e+4)', async () => {
    const run = await runZoo('inspect', at('fc.onnx'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /fc\.weight +Gemm +gemm +10x25088 +OI +25088 +10 /,
    );
    expect(int(25088)).toBe('25088');
    expect(int(undefined)).toBe('-');
  });

  it('escapes control and bidi characters and cuts long names', async () => {
    for (const [key, name] of Object.entries(NAMES)) {
      const run = await runZoo('inspect', at(`${key}.onnx`));
      expect(run.code).toBe(0);
      expect(controls(run.stdout)).toEqual([]);
      // Header line, blank line, table header, rule, one row.
      expect(run.stdout.trimEnd().split('\n')).toHaveLength(5);
      const json = await runZoo('inspect', at(`${key}.onnx`), '--json');
      const doc = JSON.parse(json.stdout) as { tensors: { name: string }[] };
      expect(doc.tensors.map((t) => t.name)).toContain(name);
    }
    const unicode = await runZoo('inspect', at('unicode.onnx'));
    expect(unicode.stdout).toContain('权重\\u{202e}\\u{1b}[31mred\\u{7}');
    const long = await runZoo('inspect', at('long.onnx'));
    expect(long.stdout).toContain(`${'w'.repeat(79)}… `);
    expect(cellText('a\u2066b\u009bc\u007f')).toBe(
      'a\\u{2066}b\\u{9b}c\\u{7f}',
    );
    expect(formatTable(['n'], [['x\ny']])).toBe('n\n-------\nx\\u{a}y\n');
  });
});

describe('reinit refuses bad input fast, naming the tensor', () => {
  it.each(['clipinf', 'clipnan', 'clipzero', 'cliphuge'])(
    '--gain auto after %s',
    async (key) => {
      const err = await fails(
        5000,
        'reinit',
        at(`${key}.onnx`),
        '-o',
        at(`${key}-out.onnx`),
        '--scheme',
        'orthogonal',
        '--gain',
        'auto',
      );
      expect(err).toMatch(
        /tensor "w" \(--scheme\): gain auto after layer "conv0" \(clip\(/,
      );
      expect(existsSync(at(`${key}-out.onnx`))).toBe(false);
    },
  );

  it.each([
    [
      'ok',
      ['--scheme', 'constant', '--value', '1e39'],
      /constant value 1e\+39 is not finite in float32 \(tensor "w"/,
    ],
    [
      'ok',
      ['--scheme', 'normal', '--std', '1e39'],
      /normal values up to .* is not finite in float32 \(tensor "w"/,
    ],
    [
      'fp16',
      ['--scheme', 'constant', '--value', '70000'],
      /constant value 70000 is not finite in float16 \(tensor "w"/,
    ],
  ])('%s %j overflows', async (key, flags, message) => {
    const out = at(`${key}-overflow.onnx`);
    const err = await fails(
      5000,
      'reinit',
      at(`${key}.onnx`),
      '-o',
      out,
      ...flags,
    );
    expect(err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('names rules[i] and the tensor for a bad rule; refuses gain <= 0', async () => {
    const sparse = at('bias-sparse.json');
    writeFileSync(sparse, '{"rules": [{"role": "bias", "scheme": "sparse"}]}');
    const neg = at('gain-neg.json');
    writeFileSync(neg, '{"rules": [{"scheme": "orthogonal", "gain": -1}]}');
    const args = (rules: string) => [
      'reinit',
      SQUEEZENET,
      '--dry-run',
      '--scheme',
      'he-normal',
      '--rules',
      rules,
    ];
    expect(await fails(5000, ...args(sparse))).toMatch(
      /tensor "features\.0\.bias" \(rules\[0\], rule 1\): .*sparse/,
    );
    expect(await fails(5000, ...args(neg))).toMatch(
      /rules\[0\]\.gain must be a positive finite number or "auto"; got -1/,
    );
  });
});

describe('SqueezeNet: biases shared through Identity nodes', () => {
  it('keeps the quick start working (he-normal, zero biases)', async () => {
    const out = at('squeezenet-he.onnx');
    const run = await runZoo(
      'reinit',
      SQUEEZENET,
      '-o',
      out,
      '--scheme',
      'he-normal',
      '--seed',
      '7',
      '--quiet',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('refuses torch-legacy biases on features.0.bias, naming its layers', async () => {
    const err = await fails(
      5000,
      'reinit',
      SQUEEZENET,
      '--dry-run',
      '--scheme',
      'he-normal',
      '--bias',
      'torch-legacy',
    );
    expect(err).toMatch(
      /tensor "features\.0\.bias" feeds layers with different fans \(fan_in 27 fan_out 576: "\/features\/features\.0\/Conv"; fan_in 512 .*\) and torch-legacy \(--bias\) depends on them/,
    );
  });

  it('takes torch-legacy on it from a rule naming it exactly', async () => {
    const rules = at('name-bias.json');
    writeFileSync(
      rules,
      JSON.stringify({
        rules: [
          { name: 'features.0.bias', role: 'bias', scheme: 'torch-legacy' },
          { name: 'features.*.bias', role: 'bias', scheme: 'zeros' },
        ],
      }),
    );
    const run = await runZoo(
      'reinit',
      SQUEEZENET,
      '--dry-run',
      '--scheme',
      'he-normal',
      '--bias',
      'torch-legacy',
      '--rules',
      rules,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /features\.0\.bias +bias +64 +torch-legacy +rule 1 +0\.1111/,
    );
  });
});
