/** `${name}` in a string value; `$${` writes a literal `${`. */
const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Where `${...}` values come from: parameters first, then the environment. */
export interface ParameterSources {
  readonly params: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Whether `path` is the SQL text of a check (`….checks[i].sql.query`): parameters reach it as
 * bound SQL parameters (`:day`), never spliced into its text.
 */
function isCheckSql(path: readonly PropertyKey[]): boolean {
  const at = path.length - 4;
  return at >= 0 && path[at] === 'checks' && path[at + 2] === 'sql' && path[at + 3] === 'query';
}

/**
 * Replaces `${name}` in every string of `value` (a parsed YAML tree) by `--param name=…` or
 * else the environment variable `name`. Each reference that cannot be resolved is reported
 * with its path; the value is returned with it left as written. A reference inside a check's
 * SQL is reported too (a value spliced into SQL can change what the query means).
 */
export function resolveParameters(
  value: unknown,
  sources: ParameterSources,
  report: (path: readonly PropertyKey[], message: string) => void,
  path: readonly PropertyKey[] = [],
): unknown {
  if (typeof value === 'string' && isCheckSql(path)) {
    for (const [all, name] of value.matchAll(REFERENCE)) {
      if (name === undefined) continue;
      report(
        path,
        `'${all}' in SQL is not allowed: write :${name} and the run's parameter '${name}' is bound as a SQL parameter`,
      );
    }
    return value;
  }
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (all, name: string | undefined) => {
      if (name === undefined) return '${';
      if (!NAME.test(name)) {
        report(path, `'${all}' is not a parameter reference (names are letters, digits, _, . and -)`);
        return all;
      }
      const resolved = sources.params[name] ?? sources.env[name];
      if (resolved === undefined) {
        report(path, `parameter \${${name}} is not set: pass --param ${name}=… or set the environment variable ${name}`);
        return all;
      }
      return resolved;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => resolveParameters(item, sources, report, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, resolveParameters(inner, sources, report, [...path, key])]),
    );
  }
  return value;
}
