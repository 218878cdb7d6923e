/**
 * The zoo, by name. One entry per architecture; each names its source and
 * the variant it follows, and the options it accepts.
 */
import type { Sequential } from '@tensorflow/tfjs-layers';

import { ZooInputError } from '../errors.js';
import { alexNet, alexNetKeys } from './alexnet.js';
import {
  alexNetTwoColumn,
  alexNetTwoColumnKeys,
} from './alexnet-two-column.js';
import { mlp, mlpKeys } from './mlp.js';
import type { ArchitectureOptions, OptionKey } from './options.js';
import { overFeatAccurate, overFeatAccurateKeys } from './overfeat-accurate.js';
import { overFeatFast, overFeatFastKeys } from './overfeat-fast.js';
import { vgg, vggKeys } from './vgg.js';

export interface ArchitectureSpec {
  name: string;
  /** [height, width, channels] of the ImageNet (or default) input. */
  input: [number, number, number];
  /** Parameters of the default build, biases included. */
  parameters: number;
  source: string;
  variant: string;
  options: readonly OptionKey[];
  build: (options?: ArchitectureOptions) => Sequential;
}

const specs: readonly ArchitectureSpec[] = [
  {
    name: 'alexnet',
    input: [224, 224, 3],
    parameters: 61_100_840,
    source: 'Krizhevsky 2014, arXiv 1404.5997',
    variant: 'one column, torchvision (conv4 256, no LRN)',
    options: alexNetKeys,
    build: alexNet,
  },
  {
    name: 'alexnet-2col',
    input: [227, 227, 3],
    parameters: 60_965_224,
    source: 'Krizhevsky, Sutskever, Hinton 2012 (NIPS)',
    variant: "two columns (groups 2), LRN, Caffe's bvlc_alexnet",
    options: alexNetTwoColumnKeys,
    build: alexNetTwoColumn,
  },
  {
    name: 'mlp',
    input: [28, 28, 1],
    parameters: 400_906,
    source: 'Saxe, McClelland, Ganguli 2013, arXiv 1312.6120',
    variant: 'depth 5, width 256, ReLU (all three are options)',
    options: mlpKeys,
    build: mlp,
  },
  {
    name: 'overfeat-accurate',
    input: [221, 221, 3],
    parameters: 144_656_488,
    source: 'Sermanet et al. 2013, arXiv 1312.6229, table 3',
    variant: 'accurate model',
    options: overFeatAccurateKeys,
    build: overFeatAccurate,
  },
  {
    name: 'overfeat-fast',
    input: [231, 231, 3],
    parameters: 145_920_872,
    source: 'Sermanet et al. 2013, arXiv 1312.6229, table 1',
    variant: 'fast model',
    options: overFeatFastKeys,
    build: overFeatFast,
  },
  ...(['A', 'B', 'D', 'E'] as const).map((c) => ({
    name: `vgg-${c.toLowerCase()}`,
    input: [224, 224, 3] as [number, number, number],
    parameters: {
      A: 132_863_336,
      B: 133_047_848,
      D: 138_357_544,
      E: 143_667_240,
    }[c],
    source: 'Simonyan and Zisserman 2014, arXiv 1409.1556, table 1',
    variant: `configuration ${c}, torchvision (batchNorm optional)`,
    options: vggKeys,
    build: (options?: ArchitectureOptions) => vgg(c, options),
  })),
];

/** Names of the zoo architectures, sorted. */
export function architectureNames(): string[] {
  return specs.map((s) => s.name);
}

/** The registry entry of `name`. */
export function architectureSpec(name: string): ArchitectureSpec {
  const spec = specs.find((s) => s.name === name);
  if (spec === undefined) {
    throw new ZooInputError(
      `buildArchitecture: name must be one of ` +
        `${architectureNames().join(', ')}; got ${name}`,
    );
  }
  return spec;
}

/**
 * Builds `name` as a tfjs-layers model (NHWC input, weights allocated but
 * nothing run).
 *
 * @example
 *   const model = buildArchitecture('vgg-d', { batchNorm: true });
 */
export function buildArchitecture(
  name: string,
  options: ArchitectureOptions = {},
): Sequential {
  return architectureSpec(name).build(options);
}
