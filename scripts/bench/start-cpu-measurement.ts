import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** CPU used over a measurement, in cores (1.0 = one core busy all the time), per role and for the whole machine. */
export type CpuShares = {
  /** This process: the load generator (its main thread and libuv pool). */
  loadGenerator: number;
  /** Each named group of product processes. */
  groups: Record<string, number>;
  /** Every `postgres` process on the machine (the server is shared, so other users count too). */
  postgres: number;
  /** Everything the machine did, ours or not. */
  machine: number;
  cores: number;
};

// Linux reports process times in clock ticks; USER_HZ is 100 on every mainstream architecture.
const TICKS_PER_SECOND = 100;

/** Starts measuring CPU use per role; `stop()` answers the shares, or null where `/proc` is missing (not Linux). */
export function startCpuMeasurement(groups: Record<string, number[]>): { stop(): CpuShares | null } {
  // This process through `process.cpuUsage`; the product's processes, PostgreSQL and the machine through `/proc`.
  const startedAt = performance.now();
  const ownStart = process.cpuUsage();
  const before = readTicks(groups);
  return {
    stop() {
      const seconds = (performance.now() - startedAt) / 1000;
      const own = process.cpuUsage(ownStart);
      const after = readTicks(groups);
      if (before === null || after === null || seconds <= 0) return null;
      const share = (ticks: number) => round(ticks / TICKS_PER_SECOND / seconds);
      return {
        loadGenerator: round((own.user + own.system) / 1e6 / seconds),
        groups: Object.fromEntries(Object.keys(groups).map((name) => [name, share((after.groups[name] ?? 0) - (before.groups[name] ?? 0))])),
        // Backends come and go; one that exited during the measurement is missed (an underestimate).
        postgres: share(sumPostgres(after.postgres, before.postgres)),
        machine: share(after.machineBusy - before.machineBusy),
        cores: os.cpus().length,
      };
    },
  };
}

type Ticks = { groups: Record<string, number>; postgres: Map<number, number>; machineBusy: number };

function readTicks(groups: Record<string, number[]>): Ticks | null {
  try {
    const machineBusy = readMachineBusyTicks();
    const postgres = new Map<number, number>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const stat = readProcessStat(Number(name));
      if (stat?.command === 'postgres') postgres.set(Number(name), stat.ticks);
    }
    const totals = Object.fromEntries(
      Object.entries(groups).map(([group, pids]) => [group, pids.reduce((sum, pid) => sum + (readProcessStat(pid)?.ticks ?? 0), 0)]),
    );
    return { groups: totals, postgres, machineBusy };
  } catch {
    return null;
  }
}

function readProcessStat(pid: number): { command: string; ticks: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command is parenthesised and may contain spaces: the numeric fields follow the last ")".
  const close = text.lastIndexOf(')');
  const command = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  // Fields 14 and 15 of proc(5), utime and stime, are the 12th and 13th after the command.
  return { command, ticks: Number(fields[11]) + Number(fields[12]) };
}

function readMachineBusyTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return total - (values[3] ?? 0) - (values[4] ?? 0);
}

function sumPostgres(after: Map<number, number>, before: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ticks] of after) sum += ticks - (before.get(pid) ?? 0);
  return sum;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
