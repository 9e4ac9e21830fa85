/** Software the sandbox directory issued: SSA, signing key and transport certificate (as e2e/support/tpp-software.ts). */
export type BenchSoftware = {
  software_id: string;
  org_id: string;
  ssa: string;
  signing: { kid: string; private_key_pem: string; certificate_pem: string };
  transport: { kid: string; private_key_pem: string; certificate_pem: string };
};

/** Asks the sandbox directory for new software of an organisation (`POST /api/organisations/{org}/software`). */
export async function createBenchSoftware(sandboxDirectoryUrl: string, orgId: string): Promise<BenchSoftware> {
  const response = await fetch(`${sandboxDirectoryUrl}/api/organisations/${orgId}/software`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'Onboard benchmark' }),
  });
  if (response.status !== 201) throw new Error(`the sandbox directory answered ${response.status} to a software request`);
  return (await response.json()) as BenchSoftware;
}
