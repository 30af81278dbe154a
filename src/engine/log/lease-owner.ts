import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * This process as a lease owner: `host:pid:start`, where `start` is when the process started
 * (Linux: its start time in clock ticks since boot, from /proc; elsewhere `-`). The start
 * time tells a dead holder from a new process that reuses its pid.
 */
export function processOwner(): string {
  return `${hostname()}:${process.pid}:${startOf(process.pid) ?? '-'}`;
}

/**
 * The owner of one drive of a run (a `run`, `resume` or rollback call): the engine's owner
 * and a random part, so that two drives in one process exclude each other too.
 */
export function driveOwner(engineOwner: string): string {
  return `${engineOwner}#${randomBytes(4).toString('hex')}`;
}

/**
 * Whether the holder of a lease is provably gone: it ran on this host (its owner is
 * `host:pid:start#…`, as {@link processOwner} and {@link driveOwner} make them), and no
 * process with its pid is alive, or the one alive started at another time (the pid was
 * reused). Anything else — another host, an owner named by the user, a live process, a
 * system without /proc when the pid is alive — is not provably gone.
 */
export function holderIsGone(holder: string): boolean {
  const match = /^(.+):(\d+):(\d+|-)#[0-9a-f]+$/.exec(holder);
  if (!match || match[1] !== hostname()) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return match[3] !== (startOf(pid) ?? '-');
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const start = startOf(pid);
  return match[3] !== '-' && start !== undefined && start !== match[3];
}

/** The start time of process `pid` (Linux /proc/<pid>/stat, field 22), if it can be read. */
function startOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
