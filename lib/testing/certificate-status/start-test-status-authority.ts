import type { IncomingMessage } from 'node:http';

import { createOcspResponse, type OcspCertificateStatus } from '@/directory/pki/create-ocsp-response';
import type { x509 } from '@/lib/certificates/x509';
import { startJwksServer, type TestJwksServer } from '@/lib/testing/jose-fixtures/start-jwks-server';
import { createStatusTestAuthority, type StatusTestAuthority } from './create-status-test-pki';

/** A test CA with its own OCSP responder on a local server (which serves JWKS too, for the revoked lists). */
export type TestStatusAuthority = {
  ca: StatusTestAuthority;
  server: TestJwksServer;
  /** An end-entity certificate naming the responder (subject: the status PKI's default software). */
  issue(subject?: string): Promise<x509.X509Certificate>;
  /** From now on the responder says `certificate` was revoked at `revokedAt` for keyCompromise. */
  revoke(certificate: x509.X509Certificate, revokedAt: Date): void;
  /** The responder answers 503 while down. */
  setDown(isDown: boolean): void;
  /** Every certificate good again, the responder up. */
  reset(): void;
  close(): Promise<void>;
};

function readBody(request: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
  });
}

/** Starts a CA made at run time (no key committed) whose responder, at `/ocsp`, answers as the test says. */
export async function startTestStatusAuthority(name: string): Promise<TestStatusAuthority> {
  const server = await startJwksServer();
  const ca = await createStatusTestAuthority(name);
  const statusBySerial = new Map<string, OcspCertificateStatus>();
  let isDown = false;
  server.serve('/ocsp', (request, response) => {
    void readBody(request).then(async (body) => {
      if (isDown) return void response.writeHead(503).end();
      const der = await createOcspResponse(body, {
        signer: ca.signer,
        statusOf: (serial) => statusBySerial.get(serial) ?? { status: 'good' },
        thisUpdate: new Date(Date.now() - 1000),
        nextUpdate: new Date(Date.now() + 10 * 60_000),
      });
      response.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(Buffer.from(der));
    });
  });
  return {
    ca,
    server,
    issue: (subject) => ca.issue({ ocsp: [server.url('/ocsp')], ...(subject ? { subject } : {}) }),
    revoke: (certificate, revokedAt) => void statusBySerial.set(certificate.serialNumber, { status: 'revoked', revokedAt, reason: 'keyCompromise' }),
    setDown: (down) => void (isDown = down),
    reset: () => {
      statusBySerial.clear();
      isDown = false;
    },
    close: () => server.close(),
  };
}
