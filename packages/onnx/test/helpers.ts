import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

/** The system Python with the official onnx package (the reference). */
export const PYTHON = '/usr/bin/python3';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The repository's ONNX fixtures folder. */
export const FIXTURES = join(here, '..', '..', '..', 'fixtures', 'onnx');

/** A fresh temp folder and a function that removes it. */
export function tempDir(prefix = 'zoo-onnx-'): {
  dir: string;
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs Python code with arguments; returns its stdout. */
export function python(code: string, ...args: string[]): string {
  return execFileSync(PYTHON, ['-c', code, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
}

/** Builds the tiny test models (test/make_models.py) into `dir`. */
export function makeModels(dir: string): void {
  execFileSync(PYTHON, [join(here, 'make_models.py'), dir]);
}

/** Gunzips a fixture into `dir` (streaming); returns the model path. */
export async function gunzipFixture(
  name: string,
  dir: string,
): Promise<string> {
  const out = join(dir, name.replace(/\.gz$/, ''));
  if (!existsSync(out)) {
    await pipeline(
      createReadStream(join(FIXTURES, name)),
      createGunzip(),
      createWriteStream(out),
    );
  }
  return out;
}

const COMPARE = `
import json, sys, onnx
a = onnx.load(sys.argv[1], load_external_data=False)
b = onnx.load(sys.argv[2], load_external_data=False)
names = set(json.loads(sys.argv[3]))
fields = ('raw_data', 'float_data', 'int32_data', 'double_data')
def tensors(g):
    out = list(g.initializer)
    for n in g.node:
        for at in n.attribute:
            if at.HasField('t'):
                out.append((n.output[0], at.t))
            out += [(n.output[0], t) for t in at.tensors]
    return out
def clear(m):
    for item in tensors(m.graph):
        name, t = item if isinstance(item, tuple) else (item.name, item)
        if name in names or t.name in names:
            for f in fields:
                t.ClearField(f)
    for t in m.graph.initializer:
        for e in t.external_data:
            if e.key == 'location' and sys.argv[4] != '':
                e.value = 'L'
clear(a); clear(b)
same = a.SerializeToString() == b.SerializeToString()
onnx.checker.check_model(sys.argv[2])
print(json.dumps({'same': same}))
`;

/**
 * Asks the onnx package whether `b` equals `a` except the data of the
 * named tensors (and, when `ignoreLocations`, external locations), and
 * runs `onnx.checker.check_model` on `b` (it throws on failure).
 */
export function sameExceptData(
  a: string,
  b: string,
  names: readonly string[],
  ignoreLocations = false,
): boolean {
  const out = python(
    COMPARE,
    a,
    b,
    JSON.stringify(names),
    ignoreLocations ? '1' : '',
  );
  return (JSON.parse(out) as { same: boolean }).same;
}

const TO_ARRAY = `
import json, sys, onnx
from onnx import numpy_helper as nh
m = onnx.load(sys.argv[1])
want = json.loads(sys.argv[2])
out = {}
for t in m.graph.initializer:
    if t.name in want:
        a = nh.to_array(t).ravel()
        if a.dtype.kind == 'f' or a.dtype == bool:
            a = a.astype('float64')
        out[t.name] = [repr(x) for x in a.tolist()]
print(json.dumps(out))
`;

/** numpy's reading (onnx.numpy_helper.to_array) of initializers, as text. */
export function numpyValues(
  path: string,
  names: readonly string[],
): Record<string, string[]> {
  return JSON.parse(python(TO_ARRAY, path, JSON.stringify(names))) as Record<
    string,
    string[]
  >;
}
