import 'server-only';
import { appendFile, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { getDb } from '@/lib/db';
import { AUDIT_ANCHOR_VERSION, computeAuditAnchorMac, type AuditAnchorContent } from './compute-audit-anchor-mac';
import { AUDIT_GENESIS_HASH } from './compute-audit-hash';
import { loadAuditAnchorStore, type AuditAnchorStore } from './load-audit-anchor-store';
import { openAuditAnchorLine } from './read-audit-anchors';

/** What an anchoring did: wrote an anchor, found the head where the last anchor left it, or failed (and logged why). */
export type AuditAnchorOutcome = { status: 'anchored'; anchor: AuditAnchorContent } | { status: 'unchanged' } | { status: 'failed' };

export type AnchorAuditHeadOptions = { store?: AuditAnchorStore; now?: () => Date };

type ChainHeadRow = { eventId: bigint | null; hash: string; count: bigint };

// An anchor line is about 250 bytes; the last one is within this much of the end of the file.
const TAIL_BYTES = 4_096;

/**
 * Anchors the audit chain's head outside the database: appends `{ v, at, eventId, hash, count, kid, mac }` to
 * `<DATA_DIR>/audit-anchors.jsonl` (0600) and logs the same line, unless the head is where the file's last
 * anchor names it. Called after every admin decision commits and on the API host's interval. Never throws:
 * the decision it follows has committed, so a failure is logged and the next anchoring covers it.
 */
export async function anchorAuditHead(options: AnchorAuditHeadOptions = {}): Promise<AuditAnchorOutcome> {
  try {
    const store = options.store ?? (await loadAuditAnchorStore());
    const head = await readChainHead();
    const last = await readLastAnchor(store);
    if (last && last.eventId === head.eventId && last.hash === head.hash && last.count === head.count) return { status: 'unchanged' };
    const anchor: AuditAnchorContent = { at: options.now?.() ?? new Date(), ...head };
    const line = JSON.stringify({
      v: AUDIT_ANCHOR_VERSION,
      at: anchor.at.toISOString(),
      eventId: anchor.eventId?.toString() ?? null,
      hash: anchor.hash,
      count: anchor.count,
      kid: store.kid,
      mac: computeAuditAnchorMac(store.key, anchor),
    });
    await mkdir(path.dirname(store.file), { recursive: true, mode: 0o700 });
    // One short append: O_APPEND writes of one line do not interleave, so every process of an instance may write.
    await appendFile(store.file, `${line}\n`, { mode: 0o600 });
    // The log stream is a second copy outside the database: the line holds hashes and a MAC, never the key.
    console.log(`[audit] anchor ${line}`);
    return { status: 'anchored', anchor };
  } catch (error) {
    console.error(`[audit] anchoring the audit chain failed: ${(error as Error).name}: ${(error as Error).message}`);
    return { status: 'failed' };
  }
}

// One statement, so the head and the count come from one snapshot.
async function readChainHead(): Promise<Omit<AuditAnchorContent, 'at'>> {
  const [head] = await getDb().$queryRaw<ChainHeadRow[]>`
    SELECT c."lastEventId" AS "eventId", c."lastHash" AS hash, (SELECT count(*) FROM "AuditEvent" e WHERE e.id <= c."lastEventId") AS count
    FROM "AuditChain" c WHERE c.id = 1`;
  if (!head) return { eventId: null, hash: AUDIT_GENESIS_HASH, count: 0 };
  return { eventId: head.eventId, hash: head.hash, count: Number(head.count) };
}

// The last line of the file, if it is an anchor this store sealed; anything else means "anchor again".
async function readLastAnchor(store: AuditAnchorStore): Promise<AuditAnchorContent | null> {
  let file;
  try {
    file = await open(store.file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const { size } = await file.stat();
    const length = Math.min(size, TAIL_BYTES);
    const { buffer } = await file.read({ buffer: Buffer.alloc(length), position: size - length });
    const lastLine = buffer.toString('utf8').trimEnd().split('\n').at(-1) ?? '';
    const opened = openAuditAnchorLine(store, lastLine);
    return 'anchor' in opened ? opened.anchor : null;
  } finally {
    await file.close();
  }
}
