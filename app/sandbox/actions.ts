'use server';

import { requireUser } from '@/lib/auth/require-user';
import { createSandboxSoftware, type SandboxSoftwareBundle } from '@/lib/sandbox/create-sandbox-software';

/** State of the Sandbox page's one-click software creation. */
export type SandboxSoftwareState = { status: 'idle' | 'created' | 'error'; bundle?: SandboxSoftwareBundle; formError?: string };

/** Creates a software statement for the signed-in organisation in the sandbox directory. */
export async function createSandboxSoftwareAction(_previous: SandboxSoftwareState): Promise<SandboxSoftwareState> {
  const user = await requireUser('/sandbox');
  try {
    const bundle = await createSandboxSoftware(user.organisation.directoryOrgId);
    return bundle ? { status: 'created', bundle } : { status: 'error', formError: 'the sandbox directory did not create the software; is it running?' };
  } catch (error) {
    console.error('sandbox software creation failed:', error instanceof Error ? error.message : error);
    return { status: 'error', formError: 'the sandbox directory could not be reached' };
  }
}
