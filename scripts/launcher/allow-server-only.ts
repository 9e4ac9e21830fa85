// `server-only` throws unless a React Server Components bundler resolved it; the launcher runs lib/ in plain Node
// (under tsx), where it must resolve to the package's own no-op module, as it does inside Next.js's server bundle.
import Module from 'node:module';
import path from 'node:path';

type ResolveFilename = (request: string, ...rest: unknown[]) => string;
const moduleWithResolver = Module as unknown as { _resolveFilename: ResolveFilename };
const resolveFilename = moduleWithResolver._resolveFilename;
// The package exports only its entry point: empty.js is found beside it.
const emptyModule = path.join(path.dirname(resolveFilename.call(Module, 'server-only', module, false)), 'empty.js');

moduleWithResolver._resolveFilename = function resolveServerOnly(this: unknown, request: string, ...rest: unknown[]) {
  return request === 'server-only' ? emptyModule : resolveFilename.call(this, request, ...rest);
};
