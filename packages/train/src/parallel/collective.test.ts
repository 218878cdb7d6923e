import { describe, expect, it } from 'vitest';

import { abortRun, sharedBuffers } from './collective.js';
import { spawnWorker } from './spawn.js';

interface Reply {
  parts?: Float32Array[];
  means?: Float32Array[];
  sums?: Float64Array;
  error?: string;
}

/** Runs one fixture replica per entry of `parts` on shared buffers. */
async function replicas(
  parts: Float32Array[][],
  chunk: number,
  failing = -1,
): Promise<Reply[]> {
  const buffers = sharedBuffers(parts.length, chunk);
  const replies = parts.map((p, rank) => {
    const w = spawnWorker(import.meta.url, 'average.fixture', {
      rank,
      buffers,
      parts: p,
      sums: Float64Array.of(rank, 1, 0.5),
      fail: rank === failing,
    });
    return new Promise<Reply>((resolve, reject) => {
      w.once('message', (m: Reply) => {
        if (m.error !== undefined) abortRun(buffers);
        resolve(m);
        void w.terminate();
      });
      w.once('error', reject);
    });
  });
  return Promise.all(replies);
}

/** Parts of lengths 5, 11 and 3 with values that differ per replica. */
function partsOf(rank: number): Float32Array[] {
  return [5, 11, 3].map((n, p) =>
    Float32Array.from({ length: n }, (_, i) => Math.sin(rank * 7 + p * 3 + i)),
  );
}

describe('SharedCollective', () => {
  it('averages vectors across replicas in chunks smaller than a part', async () => {
    const size = 3;
    const input = Array.from({ length: size }, (_, r) => partsOf(r));
    const replies = await replicas(input, 7);
    replies.forEach((reply, rank) => {
      expect(reply.parts).toEqual(input[rank]);
      expect(reply.means?.map((p) => p.length)).toEqual([5, 11, 3]);
      reply.means?.forEach((part, p) => {
        part.forEach((v, i) => {
          // The float32 sum in rank order, divided by the count.
          let s = 0;
          for (let r = 0; r < size; r++) s = Math.fround(s + input[r]![p]![i]!);
          expect(v).toBe(Math.fround(s / size));
        });
      });
      // 0 + 1 + 2, three ones, three halves.
      expect([...(reply.sums ?? [])]).toEqual([3, 3, 1.5]);
    });
    // Every replica ends with the same bits.
    const bytes = replies.map((r) =>
      Buffer.concat((r.means ?? []).map((p) => Buffer.from(p.buffer))),
    );
    expect(bytes[1]?.equals(bytes[0]!)).toBe(true);
    expect(bytes[2]?.equals(bytes[0]!)).toBe(true);
  });

  it('averages two replicas (their one-pass reduce) to the float32 mean', async () => {
    const input = [partsOf(0), partsOf(1)];
    const replies = await replicas(input, 6);
    for (const reply of replies) {
      reply.means?.forEach((part, p) => {
        part.forEach((v, i) => {
          const s = Math.fround(input[0]![p]![i]! + input[1]![p]![i]!);
          expect(v).toBe(Math.fround(s / 2));
        });
      });
    }
  });

  it('releases the waiting replicas when one fails', async () => {
    const replies = await replicas([partsOf(0), partsOf(1)], 4, 1);
    expect(replies.map((r) => r.error).sort()).toEqual([
      'RangeError',
      'ReplicaAborted',
    ]);
  });
});
