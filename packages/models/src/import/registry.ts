/**
 * The converter registry: each converter is registered with its domain, op
 * type and the range of opset versions it implements. Overlapping
 * registrations are refused; a failed lookup names (domain, op, version).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { ZooInputError, ZooNotImplementedError } from '../errors.js';
import type { OnnxNode } from './node.js';

/** Runs a prepared node on its input tensors (absent optional: undefined). */
export type NodeRun = (
  inputs: readonly (tf.Tensor | undefined)[],
) => tf.Tensor[];

/**
 * Prepares a node at import time: reads and checks its attributes and
 * returns the function that computes it. Throws ZooNotImplementedError with
 * one of the converter's `restrictions` sentences for what it cannot do.
 */
export type Converter = (node: OnnxNode, context: ConvertContext) => NodeRun;

/** What the importer offers converters at import time. */
export interface ConvertContext {
  /** A main-graph tensor (initializer or Constant value) as a tf tensor. */
  readonly tensor: (name: string) => tf.Tensor;
}

export interface ConverterSpec {
  readonly opType: string;
  /** Default `ai.onnx`. */
  readonly domain?: string;
  /** First and last opset version handled, inclusive. */
  readonly versions: readonly [number, number];
  /** What is handled, one or two sentences for the op table. */
  readonly summary: string;
  /** Sentences of what is not implemented, thrown as they are written. */
  readonly restrictions?: readonly string[];
  readonly convert: Converter;
}

interface Entry extends ConverterSpec {
  readonly domain: string;
}

const registry = new Map<string, Entry[]>();

function key(domain: string, opType: string): string {
  return `${domain}::${opType}`;
}

/** Registers a converter; overlapping version ranges are an error. */
export function registerConverter(spec: ConverterSpec): void {
  const domain = spec.domain ?? 'ai.onnx';
  const [first, last] = spec.versions;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first > last) {
    throw new ZooInputError(
      `registerConverter: versions must be [first, last] integers with ` +
        `first <= last; got ${JSON.stringify(spec.versions)}`,
    );
  }
  const list = registry.get(key(domain, spec.opType)) ?? [];
  for (const e of list) {
    if (first <= e.versions[1] && e.versions[0] <= last) {
      throw new ZooInputError(
        `registerConverter: (${domain}, ${spec.opType}) versions must not ` +
          `overlap those registered (${e.versions.join('-')}); ` +
          `got ${first}-${last}`,
      );
    }
  }
  list.push({ ...spec, domain });
  list.sort((a, b) => a.versions[0] - b.versions[0]);
  registry.set(key(domain, spec.opType), list);
}

/** The converter for (domain, op, opset), or undefined. */
export function findConverter(
  domain: string,
  opType: string,
  version: number,
): ConverterSpec | undefined {
  const list = registry.get(key(domain, opType)) ?? [];
  return list.find((e) => e.versions[0] <= version && version <= e.versions[1]);
}

/** Like findConverter, but throws ZooNotImplementedError naming the triple. */
export function getConverter(
  domain: string,
  opType: string,
  version: number,
): ConverterSpec {
  const found = findConverter(domain, opType, version);
  if (found === undefined) {
    throw new ZooNotImplementedError(
      `importOnnx: no converter for (${domain}, ${opType}, opset ${version})`,
    );
  }
  return found;
}

/** Every registration, sorted by domain, op and first version. */
export function registeredConverters(): readonly ConverterSpec[] {
  return [...registry.values()].flat().sort((a, b) => {
    const byDomain = a.domain.localeCompare(b.domain);
    if (byDomain !== 0) return byDomain;
    const byOp = a.opType.localeCompare(b.opType);
    return byOp !== 0 ? byOp : a.versions[0] - b.versions[0];
  });
}
