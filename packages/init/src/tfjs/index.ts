import { SCHEMES, findScheme } from '../schemes/index.js';
import {
  defineTfjsInitializer,
  type ZooInitializer,
  type ZooInitializerArgs,
  type ZooInitializerClass,
} from './initializer.js';

export {
  ZooInitializer,
  defineTfjsInitializer,
  tfjsClassName,
  type ZooInitializerArgs,
  type ZooInitializerClass,
} from './initializer.js';

/**
 * The tfjs-layers initializer class of every scheme, by canonical name,
 * each registered with `serialization.registerClass` (package `Zoo`,
 * class name as `tfjsClassName`: `he-normal` -> `ZooHeNormal`).
 */
export const tfjsInitializers: Readonly<Record<string, ZooInitializerClass>> =
  Object.fromEntries(
    SCHEMES.map((s) => [s.name, defineTfjsInitializer(s.name)]),
  );

/**
 * A tfjs-layers initializer for a scheme (name or alias), usable as
 * `kernelInitializer`:
 *
 *     tf.layers.conv2d({ filters: 32, kernelSize: 3,
 *       kernelInitializer: tfjsInitializer('he-normal',
 *         { seed: 1, key: 'conv1/kernel', layout: 'HWIO' }) })
 */
export function tfjsInitializer(
  scheme: string,
  args: ZooInitializerArgs,
): ZooInitializer {
  const cls = tfjsInitializers[findScheme(scheme).name];
  if (cls === undefined) {
    throw new RangeError(
      `tfjsInitializer: scheme must be one of ` +
        `${Object.keys(tfjsInitializers).join(', ')}; got '${scheme}'`,
    );
  }
  return new cls(args);
}
