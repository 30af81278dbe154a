import { InvalidOptionsError } from '../model/errors.js';
import { TABLE_PATTERN } from '../model/names.js';

/**
 * Checks a table name (`table`, `schema.table` or `catalog.schema.table` of plain
 * identifiers) before it goes anywhere near SQL.
 * @throws {@link InvalidOptionsError} naming `where` and the bad name.
 */
export function checkTableName(name: unknown, where: string): string {
  if (typeof name !== 'string' || !TABLE_PATTERN.test(name)) {
    throw new InvalidOptionsError(`${where}: '${String(name)}' is not a table name such as catalog.schema.table`);
  }
  return name;
}

/** `` `catalog`.`schema`.`table` `` of a checked name. */
export function quoteTable(name: string): string {
  return name
    .split('.')
    .map((part) => `\`${part}\``)
    .join('.');
}
