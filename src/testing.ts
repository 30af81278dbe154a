/**
 * Helpers for testing code that uses brickwork: a local Databricks workspace emulator, an
 * event recorder, and the contract suite of metadata stores.
 * `import { startEmulator, recordEvents, describeMetadataStore } from 'brickwork/testing'`.
 * @module
 */

export { describeMetadataStore, type TestSuite } from './testing/describe-metadata-store.js';
export type {
  EmulatorCall,
  EmulatorFaults,
  EmulatorOptions,
  ScriptedJob,
  ScriptedOutcome,
  ScriptedTask,
  ScriptedTaskRunIf,
} from './testing/emulator/emulator-options.js';
export type { EmulatedRun, RunSegment } from './testing/emulator/run-state.js';
export { type Emulator, startEmulator } from './testing/emulator/start-emulator.js';
export type { Segment, TaskAttempt, TaskPlan, TaskResult, TaskSkip } from './testing/emulator/task-graph.js';
export { logRecord } from './testing/log-record.js';
export { type RecordedEvent, recordEvents } from './testing/record-events.js';
