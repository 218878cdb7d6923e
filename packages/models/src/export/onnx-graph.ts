/**
 * A small ONNX graph under construction: nodes in order, float32 weights as
 * initializers, encoded with onnx-proto's ModelProto encoder.
 */
// onnx-proto is CommonJS whose named exports Node cannot detect, so the
// namespace is taken from the default (module.exports) import.
import onnxProto from 'onnx-proto';

type Proto = typeof onnxProto.onnx;
type Attribute = onnxProto.onnx.IAttributeProto;
type Tensor = onnxProto.onnx.ITensorProto;
type Node = onnxProto.onnx.INodeProto;

const onnx: Proto = onnxProto.onnx;
const { AttributeType } = onnx.AttributeProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

/** The IR version and ai.onnx opset of every exported model. */
export const EXPORT_VERSIONS = { irVersion: 7, opset: 13 } as const;

/** An attribute value: a float, an int, a list of ints or a string. */
export type AttributeValue =
  | { readonly f: number }
  | { readonly i: number }
  | { readonly ints: readonly number[] }
  | { readonly s: string };

function attribute(name: string, value: AttributeValue): Attribute {
  if ('f' in value) return { name, type: AttributeType.FLOAT, f: value.f };
  if ('i' in value) return { name, type: AttributeType.INT, i: value.i };
  if ('s' in value) {
    return {
      name,
      type: AttributeType.STRING,
      s: new TextEncoder().encode(value.s),
    };
  }
  return { name, type: AttributeType.INTS, ints: [...value.ints] };
}

function bytesOf(values: Float32Array | BigInt64Array): Uint8Array {
  // Protobuf raw_data is little-endian, as are the hosts Node runs on.
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Nodes and initializers, added in order; `encode` makes the file. */
export class OnnxGraph {
  private readonly nodes: Node[] = [];
  private readonly initializers: Tensor[] = [];
  private readonly names = new Set<string>();

  /** Adds a float32 initializer; `shape` must hold `values.length`. */
  addFloat(name: string, shape: readonly number[], values: Float32Array) {
    this.addName(name);
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== values.length) {
      throw new Error(
        `OnnxGraph: initializer ${name} must have ${size} values for ` +
          `shape [${shape.join(', ')}]; got ${values.length}`,
      );
    }
    this.initializers.push({
      name,
      dims: [...shape],
      dataType: FLOAT,
      rawData: bytesOf(values),
    });
    return name;
  }

  /** Adds an int64 initializer (shapes, pads). */
  addInt64(name: string, values: readonly number[]): string {
    this.addName(name);
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: INT64,
      rawData: bytesOf(BigInt64Array.from(values, (v) => BigInt(v))),
    });
    return name;
  }

  /** Adds a node with one output, named `output` (default: the node). */
  addNode(
    opType: string,
    name: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
    output = name,
  ): string {
    this.addName(`node:${name}`);
    this.nodes.push({
      name,
      opType,
      input: [...inputs],
      output: [output],
      attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
    });
    return output;
  }

  /** Renames the last node's output, which must be `from`. */
  renameLastOutput(from: string, to: string): boolean {
    const last = this.nodes[this.nodes.length - 1];
    if (last?.output?.[0] !== from) return false;
    last.output = [to];
    return true;
  }

  /** The initializers' names, shapes and element counts. */
  listInitializers(): { name: string; dims: number[]; size: number }[] {
    return this.initializers.map((t) => {
      const dims = (t.dims ?? []).map(Number);
      return {
        name: t.name ?? '',
        dims,
        size: dims.reduce((a, b) => a * b, 1),
      };
    });
  }

  /**
   * The ModelProto's bytes: float32 input `input` [N, ...inputShape] with a
   * symbolic batch N, output `output` [N, ...outputShape].
   */
  encode(io: {
    name: string;
    input: string;
    inputShape: readonly number[];
    output: string;
    outputShape: readonly number[];
  }): Uint8Array {
    const value = (name: string, shape: readonly number[]) => ({
      name,
      type: {
        tensorType: {
          elemType: FLOAT,
          shape: {
            dim: [{ dimParam: 'N' }, ...shape.map((d) => ({ dimValue: d }))],
          },
        },
      },
    });
    return onnx.ModelProto.encode({
      irVersion: EXPORT_VERSIONS.irVersion,
      opsetImport: [{ domain: '', version: EXPORT_VERSIONS.opset }],
      producerName: 'zoo',
      graph: {
        name: io.name,
        node: this.nodes,
        initializer: this.initializers,
        input: [value(io.input, io.inputShape)],
        output: [value(io.output, io.outputShape)],
      },
    }).finish();
  }

  private addName(name: string): void {
    if (this.names.has(name)) {
      throw new Error(`OnnxGraph: names must be unique; got ${name} twice`);
    }
    this.names.add(name);
  }
}
