/** Text columns padded to their widest cell, a header first. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** A time as `2026-11-30 12:00:05`, or `-`. */
export function when(date: Date | null | undefined): string {
  return date ? date.toISOString().slice(0, 19).replace('T', ' ') : '-';
}
