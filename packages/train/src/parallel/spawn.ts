/**
 * Starting a worker thread on a module of this package, from the built
 * JavaScript or, in development and tests, from the TypeScript sources.
 *
 * The built package runs `dist/.../x.js` directly. From sources (vitest,
 * tsx, the `@zoo/source` condition) the worker first registers tsx's
 * loader and then imports `src/.../x.ts` under the same condition, so
 * workers see the same code as the thread that starts them.
 */
import { Worker } from 'node:worker_threads';

/**
 * A worker running the module `name` (without extension) that sits next
 * to the module `from` (pass `import.meta.url`).
 */
export function spawnWorker(
  from: string,
  name: string,
  workerData: unknown,
  transferList: readonly ArrayBuffer[] = [],
): Worker {
  const fromSource = from.endsWith('.ts');
  const url = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, from);
  const options = { workerData, transferList: [...transferList] };
  if (!fromSource) {
    return new Worker(url, options);
  }
  const code =
    `import('tsx/esm/api').then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, {
    ...options,
    eval: true,
    execArgv: ['--conditions=@zoo/source'],
  });
}
