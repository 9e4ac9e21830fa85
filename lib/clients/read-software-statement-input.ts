import 'server-only';
import { SSA_MAX_BYTES } from '@/lib/software-statement/ssa-max-bytes';

/**
 * The SSA a TPP submitted: the uploaded file if there is one, else the pasted text, trimmed. Reads at
 * most one byte past the size cap, so an oversized file is reported by the size check, never buffered whole.
 */
export async function readSoftwareStatementInput(file: FormDataEntryValue | null, pasted: FormDataEntryValue | null): Promise<string> {
  if (file instanceof File && file.size > 0) {
    return (await file.slice(0, SSA_MAX_BYTES + 1).text()).trim();
  }
  return typeof pasted === 'string' ? pasted.trim() : '';
}
