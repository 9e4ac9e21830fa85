import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Client, ClientStatus, CreationMethod } from '@/lib/db';
import type { TransportCertificateInfo } from '@/lib/certificates/validate-transport-certificate';
import type { RawSql } from '@/lib/db/raw-sql';
import type { BuiltClientRecord } from './build-client-record';

/** A new client: its registration record, how it was made, its first status and secret, and its organisation. */
export type NewClient = {
  clientId: string;
  creationMethod: CreationMethod;
  status: ClientStatus;
  record: BuiltClientRecord;
  secretHash: string | null;
  secretTail: string | null;
  /** The directory organisation, created on its first contact. */
  organisation: { directoryOrgId: string; name: string; status: string };
  /** The transport certificate the registration verified, kept so its trust is re-checked; null when none was presented. */
  certificate: TransportCertificateInfo | null;
};

/**
 * Inserts a client, its transport certificate and, on its organisation's first contact, the organisation, in one statement of the caller's
 * transaction (the registration's hot path), and answers the row as stored. Concurrent first registrations of one
 * organisation race to create it: ON CONFLICT DO NOTHING waits for the winner, whose row this statement's snapshot
 * cannot see, so the statement then inserts nothing and runs once more, and that time finds it.
 */
export async function insertClient(tx: RawSql, client: NewClient): Promise<Client> {
  const at = new Date();
  const row = {
    id: randomUUID(),
    clientId: client.clientId,
    creationMethod: client.creationMethod,
    status: client.status,
    ...client.record,
    secretHash: client.secretHash,
    secretTail: client.secretTail,
    statusReason: null,
    statusChangedAt: null,
    statusChangedBy: null,
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  };
  const organisationId = randomUUID();
  const { directoryOrgId, name, status } = client.organisation;
  const { certificate } = client;
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    const [inserted] = await tx.$queryRaw<{ organisationId: string }[]>`
      WITH existing AS (SELECT id FROM "Organisation" WHERE "directoryOrgId" = ${directoryOrgId}::text),
      created AS (
        INSERT INTO "Organisation" (id, "directoryOrgId", name, status, roles, "createdAt", "updatedAt")
        SELECT ${organisationId}::text, ${directoryOrgId}::text, ${name}::text, ${status}::text, '{}', ${at}::timestamp(3), ${at}::timestamp(3)
        WHERE NOT EXISTS (SELECT 1 FROM existing)
        ON CONFLICT ("directoryOrgId") DO NOTHING
        RETURNING id),
      organisation AS (SELECT id FROM existing UNION ALL SELECT id FROM created),
      inserted AS (INSERT INTO "Client" (id, "clientId", "organisationId", "softwareId", "softwareClientName", environment, "creationMethod", status,
        "tokenEndpointAuthMethod", "tokenEndpointAuthSigningAlg", "tlsClientAuthSubjectDn", "idTokenSignedResponseAlg", "requestObjectSigningAlg",
        "applicationType", "redirectUris", scopes, "grantTypes", "responseTypes", "secretHash", "secretTail", "softwareStatement",
        "softwareStatementClaims", "registrationMetadata", "validationReport", "createdAt", "updatedAt")
      SELECT ${row.id}::text, ${row.clientId}::text, organisation.id, ${row.softwareId}::text, ${row.softwareClientName}::text, ${row.environment}::text,
        ${row.creationMethod}::"CreationMethod", ${row.status}::"ClientStatus", ${row.tokenEndpointAuthMethod}::text, ${row.tokenEndpointAuthSigningAlg}::text,
        ${row.tlsClientAuthSubjectDn}::text, ${row.idTokenSignedResponseAlg}::text, ${row.requestObjectSigningAlg}::text, ${row.applicationType}::text,
        ${row.redirectUris}::text[], ${row.scopes}::text[], ${row.grantTypes}::text[], ${row.responseTypes}::text[], ${row.secretHash}::text,
        ${row.secretTail}::text, ${row.softwareStatement}::text, ${JSON.stringify(row.softwareStatementClaims)}::jsonb,
        ${JSON.stringify(row.registrationMetadata)}::jsonb, ${JSON.stringify(row.validationReport)}::jsonb, ${at}::timestamp(3), ${at}::timestamp(3)
      FROM organisation
      RETURNING "organisationId"),
      kept AS (
        INSERT INTO "ClientCertificate" (id, "clientId", certificate, "thumbprintS256", "subjectDn", "issuerDn", "serialNumber", "notBefore", "notAfter", "createdAt")
        SELECT ${randomUUID()}::text, ${row.clientId}::text, ${certificate?.der ?? null}::text, ${certificate?.thumbprintS256 ?? null}::text,
          ${certificate?.subjectDn ?? null}::text, ${certificate?.issuerDn ?? null}::text, ${certificate?.serialNumber ?? null}::text,
          ${certificate?.notBefore ?? null}::timestamp(3), ${certificate?.notAfter ?? null}::timestamp(3), ${at}::timestamp(3)
        FROM inserted WHERE ${certificate !== null}::boolean)
      SELECT "organisationId" FROM inserted`;
    if (inserted !== undefined) return { ...row, organisationId: inserted.organisationId } satisfies Client;
  }
  throw new Error(`organisation ${directoryOrgId} could not be created`);
}
