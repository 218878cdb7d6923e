export type { LinalgBackend, StridedMatrix } from './backend.js';
export { columnMajor, transposed } from './backend.js';
export { ReferenceBackend, referenceGemm } from './reference-gemm.js';
export { WasmBackend } from './wasm-backend.js';
export type { QrFactors } from './householder-qr.js';
export { DEFAULT_BLOCK_SIZE, formQ, householderQr } from './householder-qr.js';
export { haarFromGaussian } from './haar.js';
export { gaussianMatrix, randomOrthogonal } from './random-orthogonal.js';
