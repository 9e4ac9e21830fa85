// Runs a command with its output copied to a log file as well as to this process's own output, so that the
// e2e servers' logs (Playwright's webServer pipes them to the console only) can be read by a test afterwards.
//   tsx scripts/log-scan/tee-to-log-file.ts <log file> -- <command> [args…]
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

const [logFile, separator, command, ...args] = process.argv.slice(2);
if (!logFile || separator !== '--' || !command) {
  console.error('usage: tee-to-log-file.ts <log file> -- <command> [args…]');
  process.exit(2);
}
// The log sits in the product's DATA_DIR, which start-up refuses unless owner-only.
mkdirSync(path.dirname(logFile), { recursive: true, mode: 0o700 });
// A fresh file per start: the log describes this run only.
const log = createWriteStream(logFile, { flags: 'w', mode: 0o600 });
const child = spawn(command, args, { stdio: ['inherit', 'pipe', 'pipe'] });
child.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  log.write(chunk);
});
child.stderr.on('data', (chunk: Buffer) => {
  process.stderr.write(chunk);
  log.write(chunk);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  log.end(() => process.exit(code ?? (signal ? 1 : 0)));
});
