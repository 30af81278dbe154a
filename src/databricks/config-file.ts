import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DatabricksConfigError } from './databricks-config-error.js';

/** The keys of one `~/.databrickscfg` profile that brickwork reads. */
export interface ProfileValues {
  readonly host?: string;
  readonly token?: string;
  readonly client_id?: string;
  readonly client_secret?: string;
  readonly warehouse_id?: string;
}

/** Parses INI text: `[section]` headers and `key = value` lines; `#` and `;` start comments. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      const name = (header[1] as string).trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    const at = line.indexOf('=');
    if (current && at > 0) current.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return sections;
}

/**
 * Reads a profile as the official SDKs do: the explicit `profile`, else the file's
 * `[__settings__] default_profile`, else `[DEFAULT]`. A missing explicit profile is an
 * error; a missing file or default profile gives nothing.
 */
export function readProfile(env: Readonly<Record<string, string | undefined>>, profile: string | undefined): ProfileValues {
  const path = env.DATABRICKS_CONFIG_FILE ?? join(env.HOME ?? homedir(), '.databrickscfg');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    if (profile !== undefined)
      throw new DatabricksConfigError(`resolve: ${path} does not exist, so it has no ${profile} profile configured`);
    return {};
  }
  const sections = parseIni(text);
  const name = profile ?? sections.get('__settings__')?.get('default_profile') ?? 'DEFAULT';
  const section = sections.get(name);
  if (!section) {
    if (profile !== undefined) throw new DatabricksConfigError(`resolve: ${path} has no ${profile} profile configured`);
    return {};
  }
  return Object.fromEntries(section) as ProfileValues;
}
