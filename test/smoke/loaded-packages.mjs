// A module hook (node --import) that prints, at exit, every bare package specifier resolved.
import { register } from 'node:module';

const seen = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (specifier) => seen.add(specifier));
port1.unref();
register(
  `data:text/javascript,${encodeURIComponent(`
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  if (!/^(\\.|\\/|node:|file:|data:)/.test(specifier)) port.postMessage(specifier.split('/')[0]);
  return next(specifier, context);
}`)}`,
  { data: { port: port2 }, transferList: [port2] },
);
process.on('exit', () => process.stderr.write(`loaded: ${[...seen].sort().join(' ')}\n`));
