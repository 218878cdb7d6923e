/**
 * Fills a built model's weights with the recipe's schemes, through
 * `createInitializer(...).fill` of @zoo/init with each weight's layout:
 * Conv2D and grouped conv kernels HWIO ([kh, kw, in / groups, out], with
 * the layer's groups), Dense kernels IO ([in, out]); biases get the fans
 * of their layer's kernel. The stream key of a weight is
 * `<layer>/kernel` or `<layer>/bias`, so its values depend only on
 * (init.seed, that name). Other weights (BatchNorm) keep tfjs's values.
 *
 * Models imported from ONNX are filled the same way with the layouts that
 * @zoo/onnx finds in the graph (OIHW convolutions, Gemm by transB), keyed
 * by initializer name; BatchNormalization parameters keep their values.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  computeFans,
  createInitializer,
  type Fans,
  type Layout,
  type WeightSpec,
} from '@zoo/init';
import type { OnnxTfModel } from '@zoo/models';
import { listWeights, weightSpec, type OnnxModel } from '@zoo/onnx';

import type { InitRule, InitSection } from '../recipe/types.js';

export interface InitPlanEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly layout: Layout;
  readonly scheme: string;
  readonly targetStd: number;
}

const KERNEL_LAYOUTS: Readonly<Record<string, Layout>> = {
  Conv2D: 'HWIO',
  ZooGroupedConv2D: 'HWIO',
  Dense: 'IO',
};

/** Glob on the whole name: `*` any run, `?` one character, `[abc]` a set. */
export function globMatch(pattern: string, name: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    const close = c === '[' ? pattern.indexOf(']', i + 2) : -1;
    if (close > 0) {
      const set = pattern.slice(i + 1, close).replace(/[\\\]^]/g, '\\$&');
      re += `[${set}]`;
      i = close;
    } else if (c === '*' || c === '?') {
      re += c === '*' ? '.*' : '.';
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`).test(name);
}

function pick(
  init: InitSection,
  name: string,
  role: 'kernel' | 'bias',
): { scheme: string; options: Record<string, unknown> } {
  const rule = init.rules.find(
    (r: InitRule) =>
      (r.role ?? 'kernel') === role &&
      (r.name === undefined || globMatch(r.name, name)),
  );
  if (rule !== undefined) {
    return { scheme: rule.scheme, options: rule.options ?? {} };
  }
  return role === 'kernel'
    ? { scheme: init.scheme, options: init.options }
    : { scheme: init.bias, options: init.biasOptions };
}

/** Initialises every conv and dense layer of `model`; returns the plan. */
export function initialiseWeights(
  model: LayersModel,
  init: InitSection,
): InitPlanEntry[] {
  const plan: InitPlanEntry[] = [];
  for (const layer of model.layers) {
    const layout = KERNEL_LAYOUTS[layer.getClassName()];
    if (layout === undefined || layer.weights.length === 0) {
      continue;
    }
    const groups = (layer as unknown as { groups?: number }).groups ?? 1;
    let fans: Fans | undefined;
    for (const weight of layer.weights) {
      const shape = weight.read().shape;
      const role = shape.length > 1 ? 'kernel' : 'bias';
      const name = `${layer.name}/${role}`;
      if (role === 'kernel') {
        fans = computeFans(shape, layout, groups);
      }
      const spec: WeightSpec =
        role === 'kernel'
          ? { shape, layout, group: groups, key: name }
          : { shape, layout: 'bias', key: name, fans };
      plan.push(fill(weight.read() as tf.Variable, spec, name, role, init));
    }
  }
  return plan;
}

/** Initialises the conv, Gemm and MatMul weights and biases of `model`. */
export function initialiseOnnxWeights(
  source: OnnxModel,
  model: OnnxTfModel,
  init: InitSection,
): InitPlanEntry[] {
  const infos = listWeights(source);
  const byName = new Map(infos.map((w) => [w.name, w]));
  const plan: InitPlanEntry[] = [];
  for (const info of infos) {
    const variable = model.weights.get(info.name);
    if (!info.isWeight || variable === undefined || !variable.trainable) {
      continue;
    }
    const role = info.role === 'bias' ? 'bias' : 'kernel';
    if (role === 'kernel' && info.role.startsWith('bn-')) continue;
    plan.push(fill(variable, weightSpec(info, byName), info.name, role, init));
  }
  return plan;
}

/** Fills `variable` by the scheme `init` picks for (name, role). */
function fill(
  variable: tf.Variable,
  spec: WeightSpec,
  name: string,
  role: 'kernel' | 'bias',
  init: InitSection,
): InitPlanEntry {
  const { scheme, options } = pick(init, name, role);
  const initializer = createInitializer(scheme, options);
  const values = new Float32Array(variable.size);
  initializer.fill(spec, init.seed, values);
  tf.tidy(() => variable.assign(tf.tensor(values, variable.shape, 'float32')));
  return {
    name,
    shape: variable.shape,
    layout: spec.layout,
    scheme: initializer.scheme,
    targetStd: initializer.targetStd(spec),
  };
}
