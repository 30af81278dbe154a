/** Job keys and pipeline names: safe in table rows, file names, URLs and diagrams. */
export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** Table names in `writes`: `table`, `schema.table` or `catalog.schema.table`. */
export const TABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}$/;
