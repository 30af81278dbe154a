import { describe, expect, it } from 'vitest';
import {
  BrickworkError,
  ErrorCode,
  InvalidOptionsError,
  NonRetriableError,
  PipelineValidationError,
  StoreError,
} from '../src/index.js';

describe('errors', () => {
  it('carry a stable code, a name and the cause', () => {
    const cause = new Error('root');
    const error = new StoreError('append failed', { cause });
    expect(error).toBeInstanceOf(BrickworkError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(ErrorCode.StoreFailed);
    expect(error.name).toBe('StoreError');
    expect(error.cause).toBe(cause);
  });

  it('tell subclasses apart with instanceof', () => {
    const error = new NonRetriableError('no');
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error).not.toBeInstanceOf(InvalidOptionsError);
    expect(new Error('plain')).not.toBeInstanceOf(BrickworkError);
    expect(null).not.toBeInstanceOf(BrickworkError);
  });

  it('recognise instances made by another copy of the package through the Symbol.for brand', () => {
    const foreign = Object.assign(new Error('from the CJS copy'), {
      [Symbol.for('brickwork.error')]: ['PipelineValidationError', 'BrickworkError'],
    });
    expect(foreign).toBeInstanceOf(BrickworkError);
    expect(foreign).toBeInstanceOf(PipelineValidationError);
    expect(foreign).not.toBeInstanceOf(StoreError);
  });
});
