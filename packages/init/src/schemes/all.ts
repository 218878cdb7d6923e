// Every scheme of @zoo/init, one a line in alphabetical order of name: the
// one list to add a scheme to. index.ts derives SCHEMES and the registry
// from it, and re-exports each scheme by name.
export { constant } from './constant.js';
export { deltaOrthogonal } from './delta-orthogonal.js';
export { glorotNormal } from './glorot-normal.js';
export { glorotUniform } from './glorot-uniform.js';
export { heNormal } from './he-normal.js';
export { heUniform } from './he-uniform.js';
export { identity } from './identity.js';
export { lecunNormal } from './lecun-normal.js';
export { lecunUniform } from './lecun-uniform.js';
export { normal } from './normal.js';
export { ones } from './ones.js';
export { orthogonal } from './orthogonal.js';
export { sparse } from './sparse.js';
export { torchLegacy } from './torch-legacy.js';
export { truncatedNormal } from './truncated-normal.js';
export { uniform } from './uniform.js';
export { varianceScaling } from './variance-scaling.js';
export { zeros } from './zeros.js';
