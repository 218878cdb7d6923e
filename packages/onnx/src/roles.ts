import type { Layout } from '@zoo/init';
import { attribute } from './activation.js';
import type { OnnxProto } from './proto.js';
import type { TensorEntry } from './tensor.js';

type Node = OnnxProto.INodeProto;

/** What a tensor is to the layer that consumes it. */
export type WeightRole =
  | 'conv'
  | 'conv-transpose'
  | 'gemm'
  | 'matmul'
  | 'bias'
  | 'bn-scale'
  | 'bn-bias'
  | 'bn-mean'
  | 'bn-var'
  | 'none';

/** How one node input uses a tensor: as which parameter of which layer. */
export interface Use {
  readonly role: WeightRole;
  readonly layout: Layout;
  readonly layer: Node;
  readonly group: number;
  readonly layerWeight: string | undefined;
}

const BN: readonly WeightRole[] = [
  'none',
  'bn-scale',
  'bn-bias',
  'bn-mean',
  'bn-var',
];

export function label(n: Node): string {
  return n.name !== undefined && n.name !== null && n.name !== ''
    ? n.name
    : `${n.opType ?? ''}(${n.output?.[0] ?? ''})`;
}

/** The parameter role of input `input` of node `n`, if it is one. */
export function useOf(
  n: Node,
  input: number,
  t: TensorEntry,
  known: ReadonlyMap<string, TensorEntry>,
  producer: ReadonlyMap<string, Node>,
): Use | undefined {
  const rank = t.dims.length;
  const group = attribute(n, 'group', 1);
  const weight = n.input?.[1];
  const mk = (role: WeightRole, layout: Layout, g = 1): Use => ({
    role,
    layout,
    layer: n,
    group: g,
    layerWeight: role === 'bias' ? weight : undefined,
  });
  switch (n.opType) {
    case 'Conv':
      if (input === 1 && rank >= 3) return mk('conv', 'OIHW', group);
      return input === 2 && rank === 1 ? mk('bias', 'bias', group) : undefined;
    case 'ConvTranspose':
      if (input === 1 && rank >= 3) return mk('conv-transpose', 'IOHW', group);
      return input === 2 && rank === 1 ? mk('bias', 'bias', group) : undefined;
    case 'Gemm':
      if (input === 1 && rank === 2) {
        return mk('gemm', attribute(n, 'transB', 0) === 1 ? 'OI' : 'IO');
      }
      return input === 2 && rank <= 2 ? mk('bias', 'bias') : undefined;
    case 'MatMul':
      return input === 1 && rank === 2 ? mk('matmul', 'IO') : undefined;
    case 'BatchNormalization':
      return input >= 1 && input <= 4 && rank === 1
        ? mk(BN[input] ?? 'none', 'bias')
        : undefined;
    case 'Add':
      return matmulBias(n, input, rank, known, producer);
    default:
      return undefined;
  }
}

/** An Add right after a MatMul whose other input is a 1-D constant. */
function matmulBias(
  n: Node,
  input: number,
  rank: number,
  known: ReadonlyMap<string, TensorEntry>,
  producer: ReadonlyMap<string, Node>,
): Use | undefined {
  const other = producer.get(n.input?.[1 - input] ?? '');
  const weight = other?.input?.[1];
  if (rank !== 1 || other?.opType !== 'MatMul' || weight === undefined)
    return undefined;
  if (!known.has(weight)) return undefined;
  return {
    role: 'bias',
    layout: 'bias',
    layer: other,
    group: 1,
    layerWeight: weight,
  };
}
