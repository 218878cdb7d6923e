/**
 * Where the wasm backend's binaries live on disk, for Node.
 *
 * In Node, tfjs-backend-wasm's Emscripten loader reads the binary with fs
 * from the directory of the script that loaded it (dist/ of the package,
 * which holds copies). That breaks as soon as the package is bundled, so
 * the path is set explicitly to the package's wasm-out/ folder, resolved
 * through Node's module resolution: no network, no fetch.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Absolute folder holding tfjs-backend-wasm{,-simd}.wasm, with a slash. */
export function wasmBinaryFolder(): string {
  const require = createRequire(import.meta.url);
  const manifest =
    require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return join(dirname(manifest), 'wasm-out') + '/';
}
