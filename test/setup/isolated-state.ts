/**
 * Gives every test file its own default SQLite state file, so engines created without a
 * store never share one (nor write into the working tree).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.BRICKWORK_STATE_DB = join(mkdtempSync(join(tmpdir(), 'brickwork-test-')), 'state.db');
delete process.env.BRICKWORK_SQL_WAREHOUSE;
delete process.env.DATABRICKS_WAREHOUSE_ID;
