/**
 * importOnnx: an ONNX model as a trainable tfjs graph interpreter. Every
 * node must have a converter for its (domain, op, opset); all that do not
 * are refused together in one error.
 */
import * as tf from '@tensorflow/tfjs-core';
import { listWeights, readTensor, type OnnxModel } from '@zoo/onnx';
import { ZooInputError, ZooNotImplementedError } from '../errors.js';
import { OnnxNode, normalizeDomain, type NodeProto } from './node.js';
import './ops/index.js';
import { OnnxTfModel, type Step } from './onnx-tf-model.js';
import {
  findConverter,
  getConverter,
  type ConvertContext,
} from './registry.js';
import { toTfTensor } from './tensors.js';

export interface ImportOptions {
  /** Whether float initializers are trainable (default true). */
  readonly trainable?: boolean;
}

let imported = 0;

function opsetOf(model: OnnxModel, domain: string): number {
  const raw = domain === 'ai.onnx' ? '' : domain;
  return model.opsets.get(raw) ?? model.opsets.get('ai.onnx') ?? 0;
}

/** Kahn's order; ONNX requires it already, but exporters have slipped. */
function topological(
  nodes: readonly OnnxNode[],
  known: Set<string>,
): OnnxNode[] {
  const done = new Set(known);
  const left = [...nodes];
  const order: OnnxNode[] = [];
  while (left.length > 0) {
    const i = left.findIndex((n) =>
      n.inputs.every((name) => name === '' || done.has(name)),
    );
    if (i < 0) {
      const n = left[0] as OnnxNode;
      const missing = n.inputs.filter((name) => name !== '' && !done.has(name));
      throw n.invalid(
        'inputs',
        'be graph inputs, initializers or node outputs',
        missing,
      );
    }
    const [n] = left.splice(i, 1) as [OnnxNode];
    n.outputs.forEach((name) => done.add(name));
    order.push(n);
  }
  return order;
}

function unsupportedOps(nodes: readonly OnnxNode[]): string[] {
  const seen = new Map<string, number>();
  for (const n of nodes) {
    if (findConverter(n.domain, n.opType, n.opset) !== undefined) continue;
    const k = `(${n.domain}, ${n.opType}, opset ${n.opset})`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return [...seen].map(([k, count]) => `${k} x${count}`);
}

/**
 * Imports `model`'s main graph. Throws ZooNotImplementedError listing every
 * op without a converter, or every restriction the converters hit.
 */
export function importOnnx(
  model: OnnxModel,
  options: ImportOptions = {},
): OnnxTfModel {
  const trainable = options.trainable ?? true;
  const graph = model.proto.graph;
  if (graph === null || graph === undefined) {
    throw new ZooInputError(
      `importOnnx: model must have a graph; got none (${model.path})`,
    );
  }
  const nodes = (graph.node as NodeProto[]).map(
    (p, i) => new OnnxNode(p, opsetOf(model, normalizeDomain(p.domain)), i),
  );
  const missing = unsupportedOps(nodes);
  if (missing.length > 0) {
    throw new ZooNotImplementedError(
      `importOnnx: every op must have a converter; ${missing.length} ` +
        `do not: ${missing.join(', ')}`,
    );
  }

  const id = imported++;
  const frozen = new Set(
    listWeights(model)
      .filter((w) => w.role === 'bn-mean' || w.role === 'bn-var')
      .map((w) => w.name),
  );
  const weights = new Map<string, tf.Variable>();
  const constants = new Map<string, tf.Tensor>();
  for (const entry of model.tensors) {
    if (entry.graph !== '' || entry.kind !== 'initializer') continue;
    const t = toTfTensor(readTensor(model, entry), entry.dims, entry.dataType);
    if (t.dtype === 'float32') {
      const train = trainable && !frozen.has(entry.name);
      weights.set(entry.name, tf.variable(t, train, `onnx${id}/${entry.name}`));
      t.dispose();
    } else constants.set(entry.name, t);
  }

  const initializers = new Set([...weights.keys(), ...constants.keys()]);
  const inputNames = (graph.input ?? [])
    .map((v) => v.name ?? '')
    .filter((name) => !initializers.has(name));
  const outputNames = (graph.output ?? []).map((v) => v.name ?? '');
  const context: ConvertContext = {
    tensor: (name) => {
      const entry = model.tensors.find(
        (t) => t.graph === '' && t.name === name,
      );
      if (entry === undefined) {
        throw new ZooInputError(
          `importOnnx: tensor ${JSON.stringify(name)} must exist; got none`,
        );
      }
      return toTfTensor(readTensor(model, entry), entry.dims, entry.dataType);
    },
  };
  const problems: string[] = [];
  const steps: Step[] = [];
  for (const node of topological(
    nodes,
    new Set([...initializers, ...inputNames]),
  )) {
    const spec = getConverter(node.domain, node.opType, node.opset);
    try {
      steps.push({
        node,
        run: spec.convert(node, context),
      });
    } catch (e) {
      if (!(e instanceof ZooNotImplementedError)) throw e;
      problems.push(e.message);
    }
  }
  if (problems.length > 0) {
    tf.dispose([...weights.values(), ...constants.values()]);
    throw new ZooNotImplementedError(problems.join('\n'));
  }
  return new OnnxTfModel(inputNames, outputNames, weights, constants, steps);
}
