import { describeMetadataStore } from 'brickwork/testing';
import { describe, expect, it } from 'vitest';
import { MemoryMetadataStore } from '../../src/index.js';

describeMetadataStore('MemoryMetadataStore', async () => new MemoryMetadataStore(), { describe, it });

describe('describeMetadataStore', () => {
  /** Runs the contract against `store` with a suite that collects its tests; the failures by title. */
  async function failuresOf(make: () => MemoryMetadataStore): Promise<Record<string, string>> {
    const tests: [string, () => Promise<void>][] = [];
    describeMetadataStore('probe', async () => make(), {
      describe: (_name, body) => body(),
      it: (title, body) => void tests.push([title, body]),
    });
    const failures: Record<string, string> = {};
    for (const [title, body] of tests) await body().catch((error: Error) => (failures[title] = error.message));
    return failures;
  }

  it('fails a store that breaks the contract, naming what broke', async () => {
    class GenerousStore extends MemoryMetadataStore {
      override async acquireLease(runId: string, owner: string, ttlMs: number) {
        await super.releaseLease(runId, 'alice');
        return super.acquireLease(runId, owner, ttlMs);
      }
    }
    const failures = await failuresOf(() => new GenerousStore());
    expect(Object.keys(failures)).toEqual(['gives a lease to one owner at a time until it expires or is released']);
    expect(await failuresOf(() => new MemoryMetadataStore())).toEqual({});
  });

  it('asks for describe and it when the runner has no globals', () => {
    expect(() => describeMetadataStore('x', async () => new MemoryMetadataStore())).toThrow(
      "describeMetadataStore needs your runner's describe and it",
    );
  });
});
