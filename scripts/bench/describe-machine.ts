import os from 'node:os';

/** The machine a benchmark ran on, as the report names it. */
export type MachineDescription = { cpu: string; cores: number; ramGiB: number; os: string; node: string; postgres: string };

/** Describes this machine (CPU model, cores, RAM, OS, Node.js) and the PostgreSQL server it used. */
export function describeMachine(postgresVersion: string): MachineDescription {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    // "PostgreSQL 15.20 (Debian …) on x86_64-pc-linux-gnu, compiled by …": the part before " on " says enough.
    postgres: postgresVersion.split(' on ')[0] ?? postgresVersion,
  };
}
