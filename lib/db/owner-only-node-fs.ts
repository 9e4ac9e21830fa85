// No `server-only`: the migration scripts open PGlite under tsx in plain Node.
import type { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

// What owner-only leaves out: every group and other permission bit.
const GROUP_AND_OTHERS = 0o077;

type EmscriptenOptions = Parameters<NodeFS['init']>[1];
type SetAttr = (target: unknown, node: unknown, attr: { mode?: number }, ...rest: unknown[]) => void;
type MakeNode = (parent: unknown, name: string, mode: number, dev: number) => unknown;
type EmscriptenNodeFs = { doSetAttr: SetAttr; node_ops: { mknod: MakeNode } };

/**
 * PGlite's on-disk filesystem with every file and directory owner-only. Emscripten's NODEFS sets the mode
 * PostgreSQL asks for with an explicit chmod (0666 for most relation files), which the process umask cannot
 * narrow; so the mode is masked where NODEFS creates a node and where it changes one.
 */
export class OwnerOnlyNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: EmscriptenOptions) {
    const preRun = (mod: { NODEFS: EmscriptenNodeFs }) => {
      const nodefs = mod.NODEFS;
      const setAttr = nodefs.doSetAttr;
      nodefs.doSetAttr = (target, node, attr, ...rest) =>
        setAttr.call(nodefs, target, node, attr.mode === undefined ? attr : { ...attr, mode: attr.mode & ~GROUP_AND_OTHERS }, ...rest);
      const makeNode = nodefs.node_ops.mknod;
      nodefs.node_ops.mknod = (parent, name, mode, dev) => makeNode.call(nodefs.node_ops, parent, name, mode & ~GROUP_AND_OTHERS, dev);
    };
    // Before NodeFS's own preRun mounts the data directory, so that no node escapes the mask.
    return super.init(pg, { ...opts, preRun: [...(opts.preRun ?? []), preRun] });
  }
}
