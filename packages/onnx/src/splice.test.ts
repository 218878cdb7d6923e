import { describe, expect, it } from 'vitest';
import { onnx } from './proto.js';
import { type Sink, bufferEdit, emitSplice, planSplice } from './splice.js';
import { encodeVarint, readFields } from './wire.js';

function collect(): Sink & { bytes: () => Uint8Array } {
  const parts: number[] = [];
  return {
    write: (b) => parts.push(...b),
    bytes: () => Uint8Array.from(parts),
  };
}

/** field 1 LEN { field 2 LEN { payload } } followed by field 3 varint 7. */
function nested(payload: number): Uint8Array {
  const inner = [
    0x12,
    ...encodeVarint(payload),
    ...new Array<number>(payload).fill(0xaa),
  ];
  return Uint8Array.from([
    0x0a,
    ...encodeVarint(inner.length),
    ...inner,
    0x18,
    7,
  ]);
}

describe('splice', () => {
  it('recomputes nested length prefixes when they cross 127/128', () => {
    const input = nested(120);
    const outer = readFields(input, 0, input.length, 't')[0];
    const inner =
      outer && readFields(input, outer.valueStart, outer.end, 't')[0];
    if (outer === undefined || inner === undefined)
      throw new Error('bad fixture');
    const content = new Uint8Array(200).fill(0xaa);
    const edit = bufferEdit(inner.valueStart, inner.end, content, [
      outer,
      inner,
    ]);
    const sink = collect();
    const n = emitSplice(input, planSplice([edit]), sink);
    expect(sink.bytes()).toEqual(nested(200));
    expect(n).toBe(nested(200).length);
  });

  it('keeps prefixes (even non-minimal ones) when sizes do not change', () => {
    const input = Uint8Array.from([0x0a, 0x83, 0x00, 1, 2, 3, 0x10, 1]);
    const [outer] = readFields(input, 0, input.length, 't');
    if (outer === undefined) throw new Error('bad fixture');
    const edit = bufferEdit(3, 6, Uint8Array.from([4, 5, 6]), [outer]);
    const sink = collect();
    emitSplice(input, planSplice([edit]), sink);
    expect(Array.from(sink.bytes())).toEqual([
      0x0a, 0x83, 0x00, 4, 5, 6, 0x10, 1,
    ]);
  });

  it('gives bytes onnx-proto decodes to the edited model', () => {
    const tensor = {
      name: 't',
      dims: [3],
      dataType: 1,
      rawData: new Uint8Array(12),
    };
    const model = onnx.ModelProto.create({
      irVersion: 7,
      producerName: 'splice-test',
      graph: { name: 'g', initializer: [tensor], docString: 'x'.repeat(120) },
    });
    const input = onnx.ModelProto.encode(model).finish();
    const graph = readFields(input, 0, input.length, 't').find(
      (f) => f.number === 7,
    );
    if (graph === undefined) throw new Error('no graph');
    const init = readFields(input, graph.valueStart, graph.end, 't').find(
      (f) => f.number === 5,
    );
    if (init === undefined) throw new Error('no initializer');
    const fields = readFields(input, init.valueStart, init.end, 't');
    const raw = fields.find((f) => f.number === 9);
    const dimsField = fields.find((f) => f.number === 1);
    if (raw === undefined || dimsField === undefined)
      throw new Error('no data');
    const values = new Uint8Array(
      new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]).buffer,
    );
    const dims = Uint8Array.from([0x08, 9]);
    const edits = [
      bufferEdit(
        raw.lenStart,
        raw.end,
        Uint8Array.from([...encodeVarint(36), ...values]),
        [graph, init],
      ),
      bufferEdit(dimsField.start, dimsField.end, dims, [graph, init]),
    ];
    const sink = collect();
    emitSplice(input, planSplice(edits), sink);
    const back = onnx.ModelProto.decode(sink.bytes());
    expect(back.producerName).toBe('splice-test');
    expect(back.graph?.docString).toBe('x'.repeat(120));
    const t = back.graph?.initializer?.[0];
    expect(t?.dims?.map(Number)).toEqual([9]);
    expect(
      Array.from(new Float32Array(Uint8Array.from(t?.rawData ?? []).buffer)),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
