import {
  serialization,
  tensor,
  type DataType,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { initializers, type Shape } from '@tensorflow/tfjs-layers';
import { checkFans } from '../schemes/common.js';
import { findScheme } from '../schemes/index.js';
import type { Fans, Initializer, Layout } from '../types.js';
import { decodeKey, encodeKey, matchLayout, restoreOptions } from './config.js';

/** tfjs-layers' Initializer base class, which the package does not export. */
type TfInitializer = ReturnType<typeof initializers.ones>;
const TfInitializerBase = Object.getPrototypeOf(
  initializers.zeros().constructor,
) as abstract new () => TfInitializer;

const LAYOUTS: readonly Layout[] = [
  'HWCM',
  'HWIO',
  'IO',
  'IOHW',
  'OI',
  'OIHW',
  'bias',
];

/**
 * The config of a zoo initializer in tfjs; also what getConfig returns.
 *
 * `key` names the weight's random stream: its values depend only on
 * (seed, key, shape, layout). Give every layer its own key, such as
 * `${layerName}/kernel`; two layers with the same key and shape get the
 * same values.
 */
export interface ZooInitializerArgs {
  /** A safe integer >= 0 (seeds above 2^53 are not JSON-serialisable). */
  readonly seed: number;
  readonly key: string;
  /**
   * Dense kernels are IO, Conv1D/2D/3D HWIO, DepthwiseConv2D HWCM; a
   * layer's bias is `bias`, with `fans` for fan-based schemes.
   */
  readonly layout: Layout;
  readonly group?: number;
  /**
   * The fans of the layer a `bias` belongs to (the kernel's fans), which
   * fan-based schemes (he-normal, glorot-uniform, ...) need for a bias.
   */
  readonly fans?: Fans;
  /** The scheme's options, as `createInitializer` takes them. */
  readonly options?: Readonly<Record<string, number | string | boolean>>;
}

/**
 * A tfjs-layers initializer that fills a weight with a zoo scheme, so a
 * layer's kernel equals what the pure-TS initializer gives for the same
 * (seed, key, shape, layout). One subclass per scheme (`tfjsInitializers`)
 * is registered with `serialization.registerClass` under package `Zoo`.
 */
export abstract class ZooInitializer extends TfInitializerBase {
  readonly scheme: string;
  readonly args: ZooInitializerArgs;
  private readonly initializer: Initializer;

  constructor(scheme: string, args: ZooInitializerArgs) {
    super();
    const where = `tfjs ${scheme}`;
    if (!Number.isSafeInteger(args.seed) || args.seed < 0) {
      throw new RangeError(
        `${where}: seed must be a safe integer >= 0; got ${args.seed}`,
      );
    }
    if (typeof args.key !== 'string') {
      throw new TypeError(`${where}: key must be a string; got ${args.key}`);
    }
    const layout = matchLayout(args.layout, LAYOUTS);
    if (layout === undefined) {
      throw new RangeError(
        `${where}: layout must be one of ${LAYOUTS.join(', ')}; ` +
          `got ${String(args.layout)}`,
      );
    }
    if (args.fans !== undefined) checkFans(where, args.fans, 'fans');
    const fans = args.fans === undefined ? undefined : plainFans(args.fans);
    const found = findScheme(scheme);
    const options = restoreOptions(found, args.options ?? {});
    this.scheme = found.name;
    this.args = {
      ...args,
      layout,
      ...(fans === undefined ? {} : { fans }),
      options: options as ZooInitializerArgs['options'],
    };
    this.initializer = found.create(options);
    if (layout === 'bias') checkBias(where, this.initializer, this.args);
  }

  /**
   * Builds an initializer from its getConfig() output (as tfjs does);
   * the key arrives percent-encoded (see `encodeKey`).
   */
  static fromConfig<T extends serialization.Serializable>(
    cls: serialization.SerializableConstructor<T>,
    config: serialization.ConfigDict,
  ): T {
    const key = config['key'];
    return new cls({
      ...config,
      key: typeof key === 'string' ? decodeKey(key) : key,
    });
  }

  override apply(shape: Shape, dtype?: DataType): Tensor {
    const dims = shape.map((d) => {
      if (d === null) {
        throw new RangeError(
          `tfjs ${this.scheme}: shape must be fully known; ` +
            `got [${shape.join(', ')}]`,
        );
      }
      return d;
    });
    const values = new Float32Array(dims.reduce((a, b) => a * b, 1));
    this.initializer.fill(
      {
        shape: dims,
        layout: this.args.layout,
        group: this.args.group ?? 1,
        key: this.args.key,
        ...(this.args.fans === undefined ? {} : { fans: this.args.fans }),
      },
      this.args.seed,
      values,
    );
    return tensor(values, dims, dtype ?? 'float32');
  }

  override getConfig(): serialization.ConfigDict {
    const config: serialization.ConfigDict = {
      seed: this.args.seed,
      key: encodeKey(this.args.key),
      layout: this.args.layout,
      options: { ...this.args.options },
    };
    if (this.args.group !== undefined) config['group'] = this.args.group;
    if (this.args.fans !== undefined) config['fans'] = { ...this.args.fans };
    return config;
  }
}

/** The three fans only, whatever else a deserialised config holds. */
function plainFans(fans: Fans): Fans {
  return {
    fanIn: fans.fanIn,
    fanOut: fans.fanOut,
    receptiveField: fans.receptiveField,
  };
}

/**
 * Fails at construction, not at the first apply, when a scheme cannot
 * fill a bias: fan-based schemes without `fans`, or schemes that refuse
 * biases (sparse, identity, orthogonal).
 */
function checkBias(
  where: string,
  initializer: Initializer,
  args: ZooInitializerArgs,
): void {
  const spec = {
    shape: [1],
    layout: 'bias' as const,
    key: args.key,
    ...(args.fans === undefined ? {} : { fans: args.fans }),
  };
  try {
    initializer.targetStd(spec);
  } catch (error) {
    const hint =
      args.fans === undefined
        ? 'give fans (those of its layer) with layout bias, or use a ' +
          'scheme that needs none'
        : 'use another scheme';
    throw new RangeError(
      `${where}: the scheme cannot initialise a bias as configured; ` +
        `${hint}; got ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** A registered subclass of `ZooInitializer` for one scheme. */
export type ZooInitializerClass = (new (
  args: ZooInitializerArgs,
) => ZooInitializer) & { readonly className: string };

/**
 * `he-normal` -> `ZooHeNormal`: the class name a scheme registers under.
 * The `Zoo` prefix keeps tfjs' own classes (`Zeros`, `HeNormal`, ...),
 * which layers deserialize their default initializers by, untouched.
 */
export function tfjsClassName(scheme: string): string {
  return (
    'Zoo' +
    scheme
      .split('-')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('')
  );
}

/** Defines and registers the tfjs subclass of a scheme. */
export function defineTfjsInitializer(scheme: string): ZooInitializerClass {
  const name = findScheme(scheme).name;
  const cls = class extends ZooInitializer {
    static readonly className = tfjsClassName(name);

    constructor(args: ZooInitializerArgs) {
      super(name, args);
    }
  };
  serialization.registerClass(cls, 'Zoo');
  return cls;
}
