/**
 * A pipeline described in YAML (examples/pipeline.yml), loaded and run from code. Written
 * only against brickwork's public API; test/examples/yaml-pipeline.test.ts runs it against
 * the emulator.
 */
import { fileURLToPath } from 'node:url';
import { createEngine, type EngineOptions, loadPipeline, type RunResult } from 'brickwork';

/** Loads examples/pipeline.yml for `day` and runs it with the given adapters. */
export async function runYamlPipeline(day: string, adapters: EngineOptions = {}): Promise<RunResult> {
  const flow = await loadPipeline(fileURLToPath(new URL('./pipeline.yml', import.meta.url)), { params: { day } });
  const engine = createEngine(adapters);
  engine.on('job:retry', (e) => console.warn(`${e.job} failed; attempt ${e.attempt}/${e.maxAttempts} in ${e.delayMs} ms`));
  return engine.run(flow);
}
