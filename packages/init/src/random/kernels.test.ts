import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kernels } from './kernels.js';
import { KERNELS_WASM_BASE64, KERNELS_WASM_SHA256 } from './kernels.wasm.js';

describe('kernels.wasm.ts', () => {
  it('holds the binary its checksum names', () => {
    const bytes = Buffer.from(KERNELS_WASM_BASE64, 'base64');
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(sha).toBe(KERNELS_WASM_SHA256);
  });

  it('is what build.mjs makes from kernels.ts, byte for byte', () => {
    const build = fileURLToPath(
      new URL('../../wasm/build.mjs', import.meta.url),
    );
    // Throws with the script's message if the committed module is stale.
    const out = execFileSync(process.execPath, [build, '--check'], {
      encoding: 'utf8',
    });
    expect(out).toContain(KERNELS_WASM_SHA256);
  });

  it('has a bounded scratch buffer and no imports', () => {
    const k = kernels();
    expect(k.scratchBytes()).toBe(1 << 18);
    expect(k.memory.buffer.byteLength).toBeLessThanOrEqual(1 << 20);
  });
});
