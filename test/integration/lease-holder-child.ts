/**
 * Takes a run's lease as a drive of this process would, says so, and waits to be killed:
 * `node --import tsx lease-holder-child.ts <db> <runId>`.
 */
import { driveOwner, processOwner } from '../../src/engine/log/lease-owner.js';
import { SqliteMetadataStore } from '../../src/index.js';

const [path, runId] = process.argv.slice(2) as [string, string];
const store = new SqliteMetadataStore({ path });
await store.init();
const lease = await store.acquireLease(runId, driveOwner(processOwner()), 60_000);
process.stdout.write(lease.acquired ? 'held\n' : 'refused\n');
setInterval(() => {}, 1000);
