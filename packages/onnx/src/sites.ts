import { OnnxFormatError } from './errors.js';
import { type Field, WIRE, fieldString, readFields } from './wire.js';

/** Field numbers of the messages the walker descends into. */
const MODEL = { irVersion: 1, graph: 7, functions: 25 } as const;
const GRAPH = { node: 1, initializer: 5 } as const;
const FUNCTION = { node: 7 } as const;
const NODE = { output: 2, name: 3, opType: 4, attribute: 5 } as const;
const ATTRIBUTE = { name: 1, t: 5, g: 6, tensors: 10, graphs: 11 } as const;

/** Where one TensorProto sits in the file, found by the wire walker. */
export interface TensorSite {
  /** The TensorProto field itself (its value is the tensor message). */
  readonly field: Field;
  /** Enclosing LEN fields, outermost first, not including `field`. */
  readonly chain: readonly Field[];
  /** '' for the main graph; else a path like `functions/f` or `If_0/then`. */
  readonly graph: string;
  readonly kind: 'initializer' | 'attribute';
  /** For attributes: the node's index in its graph, op type and output. */
  readonly nodeIndex: number;
  readonly opType: string;
  readonly nodeOutput: string;
  readonly attribute: string;
}

interface Walk {
  readonly bytes: Uint8Array;
  readonly where: string;
  readonly sites: TensorSite[];
}

/**
 * Finds every TensorProto of a ModelProto: graph initializers, node
 * attribute tensors, and those in subgraphs and functions. Sparse
 * initializers are not visited. Also checks that the bytes look like a
 * ModelProto (ir_version and graph present, with the right wire types).
 */
export function findTensorSites(
  bytes: Uint8Array,
  where: string,
): {
  sites: TensorSite[];
  modelFields: Field[];
} {
  const walk: Walk = { bytes, where, sites: [] };
  let modelFields: Field[];
  try {
    modelFields = readFields(bytes, 0, bytes.length, where);
  } catch (e) {
    if (!(e instanceof OnnxFormatError)) throw e;
    throw new OnnxFormatError(
      where,
      `file must be an ONNX ModelProto; ${e.message.slice(where.length + 2)}`,
    );
  }
  const ir = modelFields.filter((f) => f.number === MODEL.irVersion);
  const graphs = modelFields.filter((f) => f.number === MODEL.graph);
  if (ir.length === 0 || ir.some((f) => f.wireType !== WIRE.varint)) {
    throw new OnnxFormatError(
      where,
      'file must be an ONNX ModelProto with an ir_version; got none',
    );
  }
  if (graphs.length !== 1 || graphs[0]?.wireType !== WIRE.len) {
    throw new OnnxFormatError(
      where,
      `ModelProto must have exactly one graph; got ${graphs.length}`,
    );
  }
  for (const f of modelFields) {
    if (f.number === MODEL.graph) walkGraph(walk, f, [], '');
    if (f.number === MODEL.functions && f.wireType === WIRE.len) {
      walkFunction(walk, f);
    }
  }
  return { sites: walk.sites, modelFields };
}

function walkGraph(
  walk: Walk,
  graph: Field,
  outer: readonly Field[],
  path: string,
): void {
  const chain = [...outer, graph];
  const fields = readFields(
    walk.bytes,
    graph.valueStart,
    graph.end,
    walk.where,
  );
  let nodeIndex = 0;
  for (const f of fields) {
    if (f.wireType !== WIRE.len) continue;
    if (f.number === GRAPH.initializer) {
      walk.sites.push({
        field: f,
        chain,
        graph: path,
        kind: 'initializer',
        nodeIndex: -1,
        opType: '',
        nodeOutput: '',
        attribute: '',
      });
    } else if (f.number === GRAPH.node) {
      walkNode(walk, f, chain, path, nodeIndex++);
    }
  }
}

function walkFunction(walk: Walk, fn: Field): void {
  const fields = readFields(walk.bytes, fn.valueStart, fn.end, walk.where);
  const name = fields.find((f) => f.number === 1 && f.wireType === WIRE.len);
  const path = `functions/${name ? fieldString(walk.bytes, name) : '?'}`;
  let nodeIndex = 0;
  for (const f of fields) {
    if (f.number === FUNCTION.node && f.wireType === WIRE.len) {
      walkNode(walk, f, [fn], path, nodeIndex++);
    }
  }
}

function walkNode(
  walk: Walk,
  node: Field,
  outer: readonly Field[],
  path: string,
  nodeIndex: number,
): void {
  const { bytes, where } = walk;
  const fields = readFields(bytes, node.valueStart, node.end, where);
  const text = (n: number): string => {
    const f = fields.find((x) => x.number === n && x.wireType === WIRE.len);
    return f ? fieldString(bytes, f) : '';
  };
  const opType = text(NODE.opType);
  const nodeOutput = text(NODE.output);
  const label =
    [text(NODE.name), nodeOutput].find((s) => s !== '') ??
    `${opType}#${nodeIndex}`;
  for (const a of fields) {
    if (a.number !== NODE.attribute || a.wireType !== WIRE.len) continue;
    const chain = [...outer, node, a];
    const attr = readFields(bytes, a.valueStart, a.end, where);
    const nameField = attr.find((f) => f.number === ATTRIBUTE.name);
    const attribute = nameField ? fieldString(bytes, nameField) : '';
    for (const f of attr) {
      if (f.wireType !== WIRE.len) continue;
      if (f.number === ATTRIBUTE.t || f.number === ATTRIBUTE.tensors) {
        walk.sites.push({
          field: f,
          chain,
          graph: path,
          kind: 'attribute',
          nodeIndex,
          opType,
          nodeOutput,
          attribute,
        });
      } else if (f.number === ATTRIBUTE.g || f.number === ATTRIBUTE.graphs) {
        const inner = `${label}/${attribute}`;
        walkGraph(walk, f, chain, path === '' ? inner : `${path}/${inner}`);
      }
    }
  }
}
