/**
 * A read-only view of one ONNX node: its op, opset and typed attribute
 * getters with defaults. Attribute errors name the node.
 */
import type { OnnxModel } from '@zoo/onnx';
import { ZooInputError } from '../errors.js';

type GraphProto = NonNullable<OnnxModel['proto']['graph']>;
/** onnx-proto's NodeProto, as @zoo/onnx decodes it. */
export type NodeProto = NonNullable<GraphProto['node']>[number];
type AttributeProto = NonNullable<NodeProto['attribute']>[number];

/** The ai.onnx domain, however a model spells it. */
export function normalizeDomain(domain: string | null | undefined): string {
  const d = domain ?? '';
  return d === '' || d === 'ai.onnx' ? 'ai.onnx' : d;
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && 'toNumber' in value) {
    const f = (value as { toNumber: () => number }).toNumber;
    return f.call(value);
  }
  return Number(value ?? 0);
}

export class OnnxNode {
  readonly opType: string;
  readonly domain: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  private readonly attributes: ReadonlyMap<string, AttributeProto>;

  constructor(
    readonly proto: NodeProto,
    /** The model's opset for the node's domain. */
    readonly opset: number,
    readonly index: number,
  ) {
    this.opType = proto.opType ?? '';
    this.domain = normalizeDomain(proto.domain);
    this.name = proto.name ?? '';
    this.inputs = proto.input ?? [];
    this.outputs = proto.output ?? [];
    this.attributes = new Map(
      (proto.attribute ?? []).map((a) => [a.name ?? '', a]),
    );
  }

  /** `Conv "conv1" (node 3)`: how errors name the node. */
  get label(): string {
    const name = this.name === '' ? '' : ` ${JSON.stringify(this.name)}`;
    return `${this.opType}${name} (node ${this.index})`;
  }

  has(name: string): boolean {
    return this.attributes.has(name);
  }

  /** Whether input `i` is given (optional inputs may be absent or ''). */
  hasInput(i: number): boolean {
    return (this.inputs[i] ?? '') !== '';
  }

  int(name: string, fallback: number): number {
    const a = this.attributes.get(name);
    return a === undefined ? fallback : toNumber(a.i);
  }

  float(name: string, fallback: number): number {
    const a = this.attributes.get(name);
    return a === undefined ? fallback : (a.f ?? 0);
  }

  string(name: string, fallback: string): string {
    const a = this.attributes.get(name);
    return a === undefined
      ? fallback
      : new TextDecoder().decode(a.s ?? new Uint8Array(0));
  }

  ints(name: string): number[] | undefined {
    const a = this.attributes.get(name);
    return a === undefined ? undefined : (a.ints ?? []).map(toNumber);
  }

  floats(name: string): number[] | undefined {
    const a = this.attributes.get(name);
    return a === undefined ? undefined : [...(a.floats ?? [])];
  }

  attribute(name: string): AttributeProto | undefined {
    return this.attributes.get(name);
  }

  /** A ZooInputError naming this node. */
  invalid(what: string, constraint: string, value: unknown): ZooInputError {
    return new ZooInputError(
      `importOnnx: ${this.label}: ${what} must ${constraint}; ` +
        `got ${JSON.stringify(value)}`,
    );
  }
}
