/**
 * A profile list as prose for messages, so that a message never drifts from the list it states:
 * two values → `a or b`, three → `a, b or c`; `quote` wraps each value in double quotes.
 */
export function listChoices(values: readonly string[], options: { quote?: boolean } = {}): string {
  const shown = values.map((value) => (options.quote ? `"${value}"` : value));
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}
