import type { LinalgBackend } from './backend.js';
import { formQ, householderQr } from './householder-qr.js';

/**
 * Overwrites the column-major m x n Gaussian matrix at `a` (m >= n) with
 * its R factor and writes to `q` the Q of A = Q R with the signs fixed so
 * that diag(R) > 0: Q diag(sign(diag(R))). For A with i.i.d. N(0, 1)
 * entries this Q is Haar-distributed on the Stiefel manifold; without the
 * sign fix it is not (Mezzadri, "How to generate random matrices from the
 * classical compact groups", Notices AMS 54(5), 2007). A zero diagonal
 * entry (probability 0) counts as positive.
 */
export function haarFromGaussian(
  backend: LinalgBackend,
  a: number,
  m: number,
  n: number,
  q: number,
  blockSize?: number,
): void {
  const mark = backend.mark();
  try {
    formQ(backend, householderQr(backend, a, m, n, blockSize), q);
  } finally {
    backend.release(mark);
  }

  const heap = backend.heap;
  for (let j = 0; j < n; j++) {
    if (heap[a + j + j * m]! >= 0) continue;
    const col = q + j * m;
    for (let i = col; i < col + m; i++) heap[i] = -heap[i]!;
  }
}
