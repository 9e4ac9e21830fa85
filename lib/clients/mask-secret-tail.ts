/** Shows a stored secret tail the way the UI lists it: `••••••••abcd`. */
export function maskSecretTail(tail: string | null): string | null {
  return tail ? `••••••••${tail}` : null;
}
