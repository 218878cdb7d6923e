import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runZoo } from '../src/testing.js';
import { gunzipFixture, reference, tempDir } from './support.js';

// `zoo inspect` on AlexNet against Python: fans from the shapes, the
// activation after each layer from the graph, mean and std from numpy,
// scheme stds from the closed forms. The fixture's tensors are constants,
// so the moments are also checked on a re-initialised copy. ~10 s.

interface Inspected {
  readonly name: string;
  readonly ops: string[];
  readonly role: string;
  readonly shape: number[];
  readonly layout: string | null;
  readonly fanIn: number;
  readonly fanOut: number;
  readonly activation: string;
  readonly mean: number;
  readonly std: number;
  readonly schemeStd: Record<string, number>;
  readonly reason: string;
}

interface Document {
  readonly model: string;
  readonly irVersion: number;
  readonly opsets: Record<string, number>;
  readonly tensors: Inspected[];
}

/** What test/reference.py inspect reads with onnx and numpy. */
interface PyLayer {
  readonly name: string;
  readonly kind: 'weight' | 'bias';
  readonly op: string;
  readonly fanIn: number;
  readonly fanOut: number;
  readonly activation: string;
  readonly mean: number;
  readonly std: number;
}

const tmp = tempDir('zoo-cli-inspect-');
let zeroed = '';
let random = '';

beforeAll(async () => {
  zeroed = await gunzipFixture('alexnet-torchvision-op13.onnx.gz', tmp.dir);
  random = join(tmp.dir, 'alexnet-random.onnx');
  const run = await runZoo(
    'reinit',
    zeroed,
    '-o',
    random,
    '--scheme',
    'he-uniform',
    '--bias',
    'torch-legacy',
    '--seed',
    '3',
    '--quiet',
  );
  expect(run.code, run.stderr).toBe(0);
});
afterAll(() => tmp.remove());

async function inspectJson(path: string): Promise<Document> {
  const run = await runZoo('inspect', path, '--json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Document;
}

/** |a - b| within 1e-6 of |b| (or of `scale` when b is near 0). */
function expectNear(a: number, b: number, scale: number, what: string) {
  expect(Math.abs(a - b), what).toBeLessThanOrEqual(
    1e-6 * Math.max(Math.abs(b), scale) + 1e-15,
  );
}

const RELU = [
  'features.0',
  'features.3',
  'features.6',
  'features.8',
  'features.10',
  'classifier.1',
  'classifier.4',
];

describe('zoo inspect AlexNet --json', () => {
  it('16 weights: 5 OIHW conv, 3 OI gemm, 8 biases', async () => {
    const doc = await inspectJson(zeroed);
    expect(doc.irVersion).toBe(7);
    expect(doc.opsets).toEqual({ '': 13 });
    const weights = doc.tensors.filter((t) => t.reason === '');
    expect(weights).toHaveLength(16);
    const kinds: Record<string, number> = {};
    for (const t of weights) {
      const key = `${t.role}:${t.layout}`;
      kinds[key] = (kinds[key] ?? 0) + 1;
    }
    expect(kinds).toEqual({ 'conv:OIHW': 5, 'gemm:OI': 3, 'bias:bias': 8 });
    for (const t of weights) {
      expect(t.ops, t.name).toEqual([
        t.name.startsWith('features') ? 'Conv' : 'Gemm',
      ]);
    }
    // The fixture holds one constant per tensor (0.001, 0.002, ...): the
    // std is 0 and the mean that constant, as numpy reads them.
    const py = reference<PyLayer[]>('inspect', zeroed);
    expect(py.map((p) => p.name).sort()).toEqual(
      weights.map((t) => t.name).sort(),
    );
    for (const p of py) {
      const t = weights.find((w) => w.name === p.name)!;
      expectNear(t.mean, p.mean, p.mean, `${p.name} mean`);
    }
  });

  // A one-pass sqrt(E[x^2] - E[x]^2) gave classifier.1.weight (37.7M
  // values of 0.011) a std of 1.75e-7 instead of 0.
  it('std of constant tensors is 0, as numpy says', async () => {
    const doc = await inspectJson(zeroed);
    const py = reference<PyLayer[]>('inspect', zeroed);
    for (const p of py) {
      const t = doc.tensors.find((w) => w.name === p.name)!;
      expectNear(t.std, p.std, p.mean, `${p.name} std`);
    }
  });

  it("fans, activations and moments equal Python's", async () => {
    const doc = await inspectJson(random);
    const py = reference<PyLayer[]>('inspect', random);
    expect(py).toHaveLength(16);
    const byName = new Map(doc.tensors.map((t) => [t.name, t]));
    for (const p of py) {
      const t = byName.get(p.name);
      expect(t, p.name).toBeDefined();
      expect(t!.role).toBe(p.kind === 'bias' ? 'bias' : p.op.toLowerCase());
      expect([t!.fanIn, t!.fanOut], p.name).toEqual([p.fanIn, p.fanOut]);
      expect(t!.activation, p.name).toBe(p.activation);
      expect(p.std, p.name).toBeGreaterThan(0);
      expectNear(t!.std, p.std, p.std, `${p.name} std`);
      expectNear(t!.mean, p.mean, p.std, `${p.name} mean`);
    }
    for (const layer of RELU) {
      expect(byName.get(`${layer}.weight`)?.activation).toBe('relu');
    }
    expect(byName.get('classifier.6.weight')?.activation).toBe('linear');
    // Fans of the paper (conv1: 3 * 11 * 11 in, 64 * 11 * 11 out).
    expect(byName.get('features.0.weight')).toMatchObject({
      fanIn: 363,
      fanOut: 7744,
    });
    expect(byName.get('classifier.1.weight')).toMatchObject({
      fanIn: 9216,
      fanOut: 4096,
    });
  });

  it('scheme stds are the closed forms of the fans', async () => {
    const doc = await inspectJson(zeroed);
    const py = reference<PyLayer[]>('inspect', zeroed);
    const byName = new Map(doc.tensors.map((t) => [t.name, t]));
    for (const p of py) {
      const s = byName.get(p.name)!.schemeStd;
      if (p.kind === 'bias') {
        expect(s, p.name).toEqual({});
        continue;
      }
      const { fanIn: i, fanOut: o } = p;
      const want = {
        'lecun-normal': 1 / Math.sqrt(i),
        'glorot-normal': Math.sqrt(2 / (i + o)),
        'he-normal': Math.sqrt(2 / i),
        'torch-legacy': 1 / Math.sqrt(i) / Math.sqrt(3),
      };
      expect(Object.keys(s).sort()).toEqual(Object.keys(want).sort());
      for (const [k, v] of Object.entries(want)) {
        expect(Math.abs(s[k]! / v - 1), `${p.name} ${k}`).toBeLessThan(1e-12);
      }
    }
  });
});

describe('zoo inspect AlexNet (text)', () => {
  it('a header line and one row per weight', async () => {
    const run = await runZoo('inspect', random);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `${random}: IR 7, opset 13, 16 weights, 0 other tensors`,
    );
    const header = lines.find((l) => l.startsWith('name '));
    expect(header?.split(/\s+/)).toEqual([
      'name',
      'op',
      'role',
      'shape',
      'layout',
      'fan_in',
      'fan_out',
      'activation',
      'mean',
      'std',
      'std:lecun',
      'std:glorot',
      'std:he',
      'std:torch',
    ]);
    const rows = lines.filter((l) => /^(features|classifier)\./.test(l));
    expect(rows).toHaveLength(16);
    const names = rows.map((l) => l.split(/\s+/)[0]);
    expect(new Set(names).size).toBe(16);
    expect(rows.find((l) => l.startsWith('features.0.weight '))).toMatch(
      /^features\.0\.weight\s+Conv\s+conv\s+64x3x11x11\s+OIHW\s+363\s+7744\s+relu\s/,
    );
    expect(rows.find((l) => l.startsWith('classifier.6.bias '))).toMatch(
      /\sbias\s+1000\s+bias\s+4096\s+1000\s+linear\s/,
    );
  });

  it('bad input: exit 1 naming the file; no path: exit 2', async () => {
    const missing = join(tmp.dir, 'missing.onnx');
    const run = await runZoo('inspect', missing);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*missing\.onnx/);
    const usage = await runZoo('inspect');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(
      /^error: zoo inspect: expected one model path/,
    );
  });
});
