/**
 * @tensorflow/tfjs-core with its CPU backend, for the benches that compare with it: loaded once,
 * and only if it is installed (null otherwise, and the comparison is skipped with a line on stderr).
 */
import type * as TF from '@tensorflow/tfjs-core';

let tfjs: Promise<typeof TF | null> | undefined;

export function loadTfjs(): Promise<typeof TF | null> {
  tfjs ??= (async () => {
    const warn = console.warn;
    console.warn = () => undefined; // tfjs's "install tfjs-node to speed things up" banner (not an option here)
    try {
      // tfjs-core alone has neither a backend nor gradients: the CPU backend registers itself as
      // 'cpu' on import, and the gradients (an ESM file that tsx loads) go into tfjs's global registry.
      // Required, not imported: the comparison is optional, and a missing package is a caught throw here.
      /* eslint-disable @typescript-eslint/no-require-imports */
      require('@tensorflow/tfjs-backend-cpu');
      require('@tensorflow/tfjs-core/dist/register_all_gradients');
      const tf = require('@tensorflow/tfjs-core') as typeof TF;
      /* eslint-enable @typescript-eslint/no-require-imports */
      await tf.setBackend('cpu');
      await tf.ready();
      tf.dispose(tf.scalar(0)); // the banner comes with the first tensor
      return tf;
    } catch (e) {
      process.stderr.write(`tfjs comparison skipped: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
      return null;
    } finally {
      console.warn = warn;
    }
  })();
  return tfjs;
}
