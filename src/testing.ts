/**
 * Helpers for testing code that uses brickwork: `import { recordEvents } from 'brickwork/testing'`.
 * @module
 */
export { type RecordedEvent, recordEvents } from './testing/record-events.js';
