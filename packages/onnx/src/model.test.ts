import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, python, tempDir } from '../test/helpers.js';
import { OnnxFormatError } from './errors.js';
import { parseModel, readModel } from './model.js';

const squeezenet = join(FIXTURES, 'squeezenet1_1-torchvision-op11.onnx');
const tmp = tempDir();
afterAll(() => tmp.remove());

function formatError(fn: () => unknown): OnnxFormatError {
  try {
    fn();
  } catch (e) {
    if (e instanceof OnnxFormatError) return e;
    throw e;
  }
  throw new Error('expected an OnnxFormatError');
}

/** Saves a one-initializer model built by onnx.helper, unchecked. */
function oneTensor(name: string, code: string, ir = 8, opset = 13): string {
  const path = join(tmp.dir, name);
  python(
    `import sys, numpy as np, onnx
from onnx import helper as h, TensorProto as TP
t = ${code}
g = h.make_graph([], 'g', [], [h.make_tensor_value_info(t.name, t.data_type, None)], [t])
m = h.make_model(g, opset_imports=[h.make_opsetid('', ${opset})])
m.ir_version = ${ir}
onnx.save(m, sys.argv[1])`,
    path,
  );
  return path;
}

describe('parseModel errors', () => {
  it('refuses files that are not an ONNX ModelProto', () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ]);
    const text = new TextEncoder().encode('hello, not a model\n');
    for (const bytes of [png, text, new Uint8Array(0)]) {
      const e = formatError(() => parseModel(bytes, { path: 'x.onnx' }));
      expect(e.message).toMatch(/^x\.onnx: .*(ModelProto|ir_version|graph)/);
      expect(e.path).toBe('x.onnx');
    }
  });

  it('refuses a truncated file', () => {
    const bytes = readFileSync(squeezenet);
    for (const n of [100, 20000, bytes.length - 3]) {
      const e = formatError(() => parseModel(bytes.subarray(0, n)));
      expect(e.message).toMatch(/truncated|ModelProto|graph/);
    }
  });

  it('refuses a tensor whose data disagrees with its dims', () => {
    const raw = oneTensor(
      'raw.onnx',
      "TP(name='t', dims=[2, 3], data_type=TP.FLOAT, raw_data=b'\\0' * 20)",
    );
    expect(() => parseModel(readFileSync(raw), { path: raw })).toThrow(
      /tensor "t": data must match dims x element size \(24\); got 20 bytes of raw_data/,
    );
    const typed = oneTensor(
      'typed.onnx',
      "TP(name='t', dims=[2, 3], data_type=TP.FLOAT, float_data=[1.0] * 5)",
    );
    expect(() => parseModel(readFileSync(typed))).toThrow(
      /\(6\); got 5 float_data values/,
    );
  });

  it('refuses IR before 3 and ai.onnx opsets before 7', async () => {
    const t = "h.make_tensor('t', TP.FLOAT, [1], [1.0])";
    await expect(readModel(oneTensor('ir2.onnx', t, 2))).rejects.toThrow(
      /ir_version must be at least 3; got 2/,
    );
    await expect(readModel(oneTensor('op6.onnx', t, 3, 6))).rejects.toThrow(
      /opset must be at least 7; got 6/,
    );
  });

  it('needs a folder for external data', async () => {
    const path = join(FIXTURES, 'squeezenet1_1-external', 'model.onnx');
    expect(() => parseModel(readFileSync(path))).toThrow(
      /external data must have a model folder \(options.baseDir\); got none/,
    );
    await expect(readModel(join(tmp.dir, 'nope.onnx'))).rejects.toThrow(
      /must be readable/,
    );
  });

  it('refuses a gzip-compressed model, saying so', async () => {
    const gz = join(FIXTURES, 'alexnet-torchvision-op13.onnx.gz');
    await expect(readModel(gz)).rejects.toThrow(
      /alexnet-torchvision-op13\.onnx\.gz: .*gzip-compressed; gunzip it first/,
    );
    const e = formatError(() => parseModel(gzipSync(readFileSync(squeezenet))));
    expect(e.message).toMatch(/^<bytes>: .*gzip-compressed/);
  });

  it('refuses two initializers with the same name', () => {
    const path = join(tmp.dir, 'dup.onnx');
    python(
      `import sys, numpy as np, onnx
from onnx import helper as h, numpy_helper as nh, TensorProto as TP
a = nh.from_array(np.ones((2, 2), np.float32), 'w')
b = nh.from_array(np.zeros((2, 2), np.float32), 'w')
g = h.make_graph([h.make_node('MatMul', ['x', 'w'], ['y'])], 'g',
    [h.make_tensor_value_info('x', TP.FLOAT, [2, 2])],
    [h.make_tensor_value_info('y', TP.FLOAT, [2, 2])], [a, b])
onnx.save(h.make_model(g), sys.argv[1])`,
      path,
    );
    const e = formatError(() => parseModel(readFileSync(path), { path }));
    expect(e.message).toMatch(/dup\.onnx: duplicate initializer name "w"/);
  });
});
