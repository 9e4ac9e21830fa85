import { execFileSync } from 'node:child_process';

/** One process of a tree: its id, its parent's, and its command line. */
export type TreeProcess = { pid: number; ppid: number; command: string };

/** A process and all its descendants (from `ps`, so it works wherever `ps -A` does), root first. */
export function listProcessTree(rootPid: number): TreeProcess[] {
  const output = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const all = output
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), command: match[3] ?? '' }));
  const tree = all.filter((entry) => entry.pid === rootPid);
  // Breadth-first from the root: a child is listed after its parent.
  for (let index = 0; index < tree.length; index += 1) {
    const parent = tree[index] as TreeProcess;
    tree.push(...all.filter((entry) => entry.ppid === parent.pid));
  }
  return tree;
}
