import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pipelineJsonSchema } from '../../src/index.js';

describe('the JSON Schema of pipeline files', () => {
  it('is shipped up to date (npm run schema writes it)', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../schema/pipeline.schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(pipelineJsonSchema());
  });

  it('describes the keys editors should complete, and no others', () => {
    const schema = pipelineJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: { jobs: { additionalProperties: { properties: Record<string, unknown>; additionalProperties: boolean } } };
    };
    expect(schema.required).toEqual(['name', 'jobs']);
    expect(schema.additionalProperties).toBe(false);
    const job = schema.properties.jobs.additionalProperties;
    expect(job.additionalProperties).toBe(false);
    expect(Object.keys(job.properties)).toEqual(
      expect.arrayContaining([
        'job_name',
        'job_id',
        'submit',
        'bundle_job',
        'depends_on',
        'run_if',
        'retries',
        'writes',
        'checks',
        'notifications',
        'rollback',
      ]),
    );
  });
});
