import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A new software id in the OB Directory's format: 22 random base62 characters. */
export function generateSoftwareId(): string {
  return Array.from({ length: 22 }, () => BASE62[randomInt(BASE62.length)]).join('');
}
