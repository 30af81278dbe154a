import { BrickworkError, ErrorCode } from '../model/brickwork-error.js';

/** Databricks host or credentials are missing or conflicting. */
export class DatabricksConfigError extends BrickworkError {
  constructor(message: string) {
    super(ErrorCode.DatabricksConfig, message);
  }
}
