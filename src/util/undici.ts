import type { Dispatcher } from 'undici';

let loaded: Promise<typeof import('undici')> | undefined;

/**
 * undici, loaded on first use: importing brickwork does not pay for an HTTP client that a
 * run of in-process jobs never needs.
 */
export function undici(): Promise<typeof import('undici')> {
  loaded ??= import('undici');
  return loaded;
}

/** Where requests get their dispatcher: none (undici's global one), or made on first use. */
export type DispatcherSource = () => Promise<Dispatcher | undefined>;

/** The dispatcher trusting the extra certificate authorities `ca`, made on first use. */
export function trustingDispatcher(ca: string | Buffer | undefined): DispatcherSource {
  if (ca === undefined) return () => Promise.resolve(undefined);
  let agent: Promise<Dispatcher> | undefined;
  return () => {
    agent ??= undici().then(({ Agent }) => new Agent({ connect: { ca } }));
    return agent;
  };
}
