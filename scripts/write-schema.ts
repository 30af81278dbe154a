/** Writes schema/pipeline.schema.json from the zod schema of pipeline files (`npm run schema`). */
import { writeFileSync } from 'node:fs';
import { pipelineJsonSchema } from '../src/config/pipeline-file-schema.js';

writeFileSync(new URL('../schema/pipeline.schema.json', import.meta.url), `${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`);
