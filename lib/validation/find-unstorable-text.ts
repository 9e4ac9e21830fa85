import { isStorableText } from '@/lib/db/is-storable-text';

/**
 * The path (`software_client_name`, `software_jwks.keys[0].kid`) of the first string in a decoded JSON value,
 * member names included, that the bank cannot store as it is (a NUL, an unpaired surrogate), or null. Such a
 * claim would fail the database write after every check passed, or be stored altered.
 */
export function findUnstorableText(value: unknown): string | null {
  // Iterative: a 64 KiB body can nest tens of thousands of levels deep, beyond any call stack.
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop() as { value: unknown; path: string };
    if (typeof current === 'string') {
      if (!isStorableText(current)) return visible(path || '(the value itself)');
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1) pending.push({ value: current[index], path: `${path}[${index}]` });
    } else if (current !== null && typeof current === 'object') {
      const members = Object.entries(current);
      for (let index = members.length - 1; index >= 0; index -= 1) {
        const [name, member] = members[index] as [string, unknown];
        const memberPath = path ? `${path}.${name}` : name;
        if (!isStorableText(name)) return visible(memberPath);
        pending.push({ value: member, path: memberPath });
      }
    }
  }
  return null;
}

// The path goes into an error message and the audit trail: the offending characters themselves cannot.
function visible(path: string): string {
  return path.replace(/[\u0000\uD800-\uDFFF]/g, '\uFFFD');
}
