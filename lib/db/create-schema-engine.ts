// No `server-only`: the migration scripts run this under tsx in plain Node.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaContainer, SchemaEngine } from '@prisma/schema-engine-wasm';

type SchemaEngineModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

export type { SchemaEngine };

/** Options for `createSchemaEngine`. */
export type CreateSchemaEngineOptions = {
  /** Prisma schema files the engine starts with (needed only by commands that read "the" schema). */
  datamodels?: SchemaContainer[];
  /** Receives the engine's log lines (JSON); dropped by default. */
  onLog?: (line: string) => void;
};

type PanicRegistry = { set_message(message: string): void };

let loading: Promise<SchemaEngineModule> | undefined;

/** Starts Prisma's WebAssembly schema engine over a driver adapter factory, with no native binary and no network. */
export async function createSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  options: CreateSchemaEngineOptions = {},
): Promise<SchemaEngine> {
  loading ??= loadSchemaEngineModule();
  const { SchemaEngine } = await loading;
  const datamodels = options.datamodels?.map((file): [string, string] => [file.path, file.content]);
  const onLog = options.onLog ?? (() => {});
  return SchemaEngine.new({ datamodels }, onLog, bindMigrationAwareSqlAdapterFactory(adapterFactory));
}

// The package targets bundlers (`import * as wasm from "./x.wasm"`), which Node cannot do, so we
// instantiate the module ourselves and hand it to the wasm-bindgen glue the way its entry point would.
async function loadSchemaEngineModule(): Promise<SchemaEngineModule> {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  // By file URL: a bare specifier inside import() trips tsx's CommonJS-to-ESM bridge.
  const glue = (await import(pathToFileURL(gluePath).href)) as SchemaEngineModule;
  const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
  installPanicRegistry();
  const { instance } = await WebAssembly.instantiate(bytes, {
    './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

// The glue reports a Rust panic to this global (the Prisma CLI installs the same one) just before
// the call fails with a bare `RuntimeError: unreachable`; without it the hook itself would throw a
// TypeError and the panic message would be lost, so print it.
function installPanicRegistry(): void {
  const global = globalThis as typeof globalThis & { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
  global.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      console.error(`prisma schema engine panicked: ${message}`);
    },
  };
}
