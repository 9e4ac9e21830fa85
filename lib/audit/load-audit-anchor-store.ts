import 'server-only';
import { hkdfSync } from 'node:crypto';
import path from 'node:path';
import { getEnv, type Env } from '@/lib/env';
import { loadKeyEncryptionKey } from '@/lib/key-encryption/load-key-encryption-key';

/** Where this instance anchors the audit chain's head, and the key that seals its anchors (never in the database). */
export type AuditAnchorStore = {
  /** `<DATA_DIR>/audit-anchors.jsonl`: one sealed anchor a line, owner-only. */
  file: string;
  key: Uint8Array;
  /** The key-encryption key's id, written with each anchor to say which key sealed it. */
  kid: string;
};

/** The anchors file's name under DATA_DIR. */
export const AUDIT_ANCHOR_FILE = 'audit-anchors.jsonl';

// HKDF (RFC 5869) separates the anchor key from every other use of the KEK: knowing one reveals nothing of another.
const ANCHOR_KEY_INFO = 'onboard audit anchor v1';

/** This instance's anchor store: the file under DATA_DIR and a MAC key derived from the key-encryption key. */
export async function loadAuditAnchorStore(env: Pick<Env, 'keyEncryptionKey' | 'dataDir'> = getEnv()): Promise<AuditAnchorStore> {
  const kek = await loadKeyEncryptionKey(env);
  const key = new Uint8Array(hkdfSync('sha256', kek.key, new Uint8Array(0), ANCHOR_KEY_INFO, 32));
  return { file: path.join(env.dataDir, AUDIT_ANCHOR_FILE), key, kid: kek.kid };
}
