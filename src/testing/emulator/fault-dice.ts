import type { EmulatorFaults } from './emulator-options.js';

/** What to do with one request. */
export type FaultKind = '429' | '500' | '503' | 'drop' | 'truncate' | undefined;

/** Decides faults: scripted ones first, then by rate with a seeded generator. */
export class FaultDice {
  #faults: EmulatorFaults;
  #next: NonNullable<FaultKind>[];
  #state: number;

  constructor(faults: EmulatorFaults, seed: number) {
    this.#faults = faults;
    this.#next = [...(faults.next ?? [])];
    this.#state = seed >>> 0;
  }

  /** The current faults. */
  get faults(): EmulatorFaults {
    return this.#faults;
  }

  /** Replaces the faults (and the scripted queue). */
  set(faults: EmulatorFaults): void {
    this.#faults = faults;
    this.#next = [...(faults.next ?? [])];
  }

  /** The fault for a request to `path`, if any. */
  roll(path: string): FaultKind {
    const faults = this.#faults;
    if (faults.pathIncludes !== undefined && !path.includes(faults.pathIncludes)) return undefined;
    const scripted = this.#next.shift();
    if (scripted) return scripted;
    let dice = this.#random();
    for (const [kind, rate] of [
      ['429', faults.rate429],
      ['500', faults.rate500],
      ['503', faults.rate503],
      ['drop', faults.rateDrop],
    ] as const) {
      if (dice < (rate ?? 0)) return kind;
      dice -= rate ?? 0;
    }
    return undefined;
  }

  #random(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
