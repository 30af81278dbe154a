import { describe, expect, it } from 'vitest';
import { parseErrorBody } from '../../src/databricks/databricks-api-error.js';
import { BrickworkError, DatabricksApiError, ErrorCode } from '../../src/index.js';
import { redact } from '../../src/util/redact.js';

describe('parseErrorBody', () => {
  it.each([
    [
      'Databricks JSON',
      400,
      '{"error_code":"INVALID_PARAMETER_VALUE","message":"Job 1 does not exist."}',
      'INVALID_PARAMETER_VALUE',
      'Job 1 does not exist.',
    ],
    [
      'OAuth JSON',
      401,
      '{"error":"invalid_client","error_description":"Client authentication failed."}',
      'invalid_client',
      'Client authentication failed.',
    ],
    ['legacy JSON', 500, '{"error":"something broke"}', 'HTTP_500', 'something broke'],
    ['plain text', 400, 'INVALID_STATE: run is active', 'INVALID_STATE', 'run is active'],
    [
      'a gateway page',
      502,
      '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>',
      'HTTP_502',
      '502 Bad Gateway',
    ],
    ['a pre block', 504, '<html><body><pre>upstream timed out</pre></body></html>', 'HTTP_504', 'upstream timed out'],
    ['nothing', 503, '', 'HTTP_503', 'empty answer with HTTP 503'],
    ['odd JSON', 500, '[1,2]', 'HTTP_500', '[1,2]'],
  ])('reads %s', (_name, status, body, errorCode, message) => {
    expect(parseErrorBody(status, body)).toEqual({ errorCode, message });
  });
});

describe('DatabricksApiError', () => {
  it('says what failed, where, and whether a retry could help', () => {
    const error = new DatabricksApiError({
      status: 429,
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'slow down',
      endpoint: 'POST /api/2.2/jobs/run-now',
      requestId: 'abc',
    });
    expect(error).toBeInstanceOf(BrickworkError);
    expect(error.code).toBe(ErrorCode.DatabricksApi);
    expect(error.message).toBe('POST /api/2.2/jobs/run-now failed (HTTP 429 REQUEST_LIMIT_EXCEEDED): slow down');
    expect(error.retriable).toBe(true);
    expect(
      new DatabricksApiError({ status: 403, errorCode: 'PERMISSION_DENIED', message: 'no', endpoint: 'GET /x' }).retriable,
    ).toBe(false);
    expect(
      new DatabricksApiError({ status: 0, errorCode: 'CONNECTION_FAILED', message: 'reset', endpoint: 'GET /x' }).message,
    ).toContain('(no answer');
  });

  it('knows the two shapes of "not found"', () => {
    const missing = (status: number, message: string) =>
      new DatabricksApiError({ status, errorCode: 'X', message, endpoint: 'GET /x' }).notFound;
    expect(missing(400, 'Run 5 does not exist.')).toBe(true);
    expect(missing(404, 'gone')).toBe(true);
    expect(missing(400, 'bad limit')).toBe(false);
  });

  it('redacts secrets', () => {
    expect(redact('token dapi123456 leaked twice: dapi123456', ['dapi123456'])).toBe('token [REDACTED] leaked twice: [REDACTED]');
  });
});
