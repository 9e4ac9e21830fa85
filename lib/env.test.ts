import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';
import { getDatabaseTarget } from './db/get-database-target';

describe('parseEnv', () => {
  it('resolves every default to the embedded setup', () => {
    const env = parseEnv({});
    expect(env).toEqual({
      portalUrl: 'http://localhost:3000',
      mtlsUrl: 'https://localhost:8443',
      aspspOrgId: '0015800001ONBRDBNK',
      databaseUrl: undefined,
      databasePreparedStatements: true,
      dataDir: path.resolve('.data'),
      isSandboxDirectory: true,
      sandboxDirectoryUrl: 'http://localhost:4000',
      directory: {
        issuer: 'http://localhost:4000',
        clientId: 'onboard-portal',
        clientSecret: undefined,
        scope: 'openid email profile',
        idTokenAlg: 'PS256',
        claims: { tppAssociated: 'tpp_associated', orgId: 'org_id', orgName: 'org_name', orgRoles: 'org_roles' },
      },
      bankIdp: {
        issuer: 'http://localhost:4000',
        isSandbox: true,
        clientId: 'onboard-admin',
        clientSecret: undefined,
        scope: 'openid email profile',
        idTokenAlg: 'PS256',
        groupsClaim: 'groups',
        adminGroup: 'onboard-admins',
        adminAllowlist: [],
      },
      trustDomainsFile: null,
      trustDomains: [
        {
          environment: 'sandbox',
          ssaIssuers: ['OpenBanking Ltd'],
          jwksUri: 'http://localhost:4000/keystore/openbanking.jwks',
          caBundlePath: path.resolve('.data/directory/ca-bundle.pem'),
          jwksHosts: ['localhost:4000'],
          pkiHosts: ['localhost:4000'],
        },
      ],
      mtlsCertHeader: 'x-ssl-client-cert',
      authorizationServer: { kind: 'embedded' },
      mtlsProxySecret: undefined,
      accessTokenTtlSeconds: 300,
      apiAddress: { host: '127.0.0.1', port: 8080 },
      metricsAddress: { host: '127.0.0.1', port: 9464 },
      logLevel: 'info',
      workers: { api: 1, portal: 1 },
      dcrAllowClientSecretBasic: false,
      requireTransportCertInSoftwareJwks: false,
      revocationCacheMaxAgeSeconds: 60,
      certificateStatus: { maxAgeSeconds: 3600, softFailEnvironments: [] },
      trustRecheckIntervalSeconds: 21_600,
      rateLimits: {
        register: { byEnvironment: { sandbox: 300 }, otherwise: 60 },
        token: { byEnvironment: { sandbox: 1200 }, otherwise: 600 },
      },
      redisUrl: null,
      nextAuthSecret: undefined,
    });
  });

  it('reads the certificate status settings: the PKI hosts, the maximum age and the soft-fail environments', () => {
    expect(parseEnv({ DIRECTORY_PKI_HOSTS: 'ocsp.example, crl.example:8080', CERTIFICATE_STATUS_MAX_AGE_SECONDS: '0', CERTIFICATE_STATUS_SOFT_FAIL: 'sandbox' })).toMatchObject({
      trustDomains: [{ pkiHosts: ['ocsp.example', 'crl.example:8080'] }],
      certificateStatus: { maxAgeSeconds: 0, softFailEnvironments: ['sandbox'] },
    });
  });

  it('reads METRICS_ADDRESS, a port of its own unless 0 (a free one, as tests ask for every listener)', () => {
    expect(parseEnv({ METRICS_ADDRESS: '0.0.0.0:9100' }).metricsAddress).toEqual({ host: '0.0.0.0', port: 9100 });
    expect(parseEnv({ METRICS_ADDRESS: '127.0.0.1:0', API_ADDRESS: '127.0.0.1:0' }).metricsAddress).toEqual({ host: '127.0.0.1', port: 0 });
  });

  it('re-checks trust every six hours unless TRUST_RECHECK_INTERVAL_SECONDS says otherwise', () => {
    expect(parseEnv({}).trustRecheckIntervalSeconds).toBe(21_600);
    expect(parseEnv({ TRUST_RECHECK_INTERVAL_SECONDS: '600' }).trustRecheckIntervalSeconds).toBe(600);
  });

  it('reads API_ADDRESS as host and port, IPv6 in brackets, and the worker counts', () => {
    expect(parseEnv({ API_ADDRESS: '0.0.0.0:9000', API_WORKERS: '4', PORTAL_WORKERS: '2' })).toMatchObject({
      apiAddress: { host: '0.0.0.0', port: 9000 },
      workers: { api: 4, portal: 2 },
    });
    expect(parseEnv({ API_ADDRESS: '[::1]:8080' }).apiAddress).toEqual({ host: '::1', port: 8080 });
  });

  it.each([
    [{ API_ADDRESS: '8080' }, 'API_ADDRESS: API_ADDRESS must be host:port, such as 127.0.0.1:8080'],
    [{ API_WORKERS: '0' }, 'API_WORKERS: API_WORKERS must be at least 1'],
    [{ PORTAL_WORKERS: 'two' }, 'PORTAL_WORKERS: PORTAL_WORKERS must be a whole number'],
  ])('refuses %o naming the variable', (raw, message) => {
    expect(() => parseEnv(raw)).toThrow(message);
  });

  it('points at a real directory with the DIRECTORY_* variables only', () => {
    const env = parseEnv({
      DIRECTORY_ISSUER: 'https://auth.directory.example/',
      DIRECTORY_JWKS_URI: 'https://keystore.directory.example/openbanking.jwks',
      DIRECTORY_JWKS_HOSTS: 'keystore.directory.example, keystore2.directory.example',
      DIRECTORY_SSA_ISSUERS: 'OpenBanking Ltd,Other Issuer',
      SOFTWARE_ENVIRONMENT: 'sandbox,production',
      MTLS_CERT_HEADER: 'X-Client-Cert',
    });
    expect(env.isSandboxDirectory).toBe(false);
    expect(env.directory.issuer).toBe('https://auth.directory.example');
    // The shorthand: one domain of these sources for each environment.
    expect(env.trustDomains.map((domain) => domain.environment)).toEqual(['sandbox', 'production']);
    for (const domain of env.trustDomains) {
      expect(domain).toMatchObject({
        jwksUri: 'https://keystore.directory.example/openbanking.jwks',
        jwksHosts: ['keystore.directory.example', 'keystore2.directory.example'],
        ssaIssuers: ['OpenBanking Ltd', 'Other Issuer'],
      });
    }
    expect(env.mtlsCertHeader).toBe('x-client-cert');
  });

  it('reads AUTHORIZATION_SERVER as embedded or the issuer of an RFC 7591/7592 server, with its initial access token', () => {
    expect(parseEnv({ AUTHORIZATION_SERVER: 'embedded' }).authorizationServer).toEqual({ kind: 'embedded' });
    expect(parseEnv({ AUTHORIZATION_SERVER: 'https://as.bank.example/realms/ob', AUTHORIZATION_SERVER_INITIAL_ACCESS_TOKEN: 'iat-1' }).authorizationServer).toEqual({
      kind: 'remote',
      issuer: 'https://as.bank.example/realms/ob',
      initialAccessToken: 'iat-1',
    });
    expect(() => parseEnv({ AUTHORIZATION_SERVER: 'keycloak' })).toThrow(
      'AUTHORIZATION_SERVER: AUTHORIZATION_SERVER must be embedded or the issuer URL of an RFC 7591/7592 authorization server',
    );
  });

  it('prepares PostgreSQL statements unless DATABASE_PREPARED_STATEMENTS is false, and refuses other values', () => {
    const url = 'postgres://onboard@db.bank.example:5432/onboard';
    expect(getDatabaseTarget(parseEnv({ DATABASE_URL: url }))).toEqual({ kind: 'postgres', url, preparedStatements: true });
    expect(getDatabaseTarget(parseEnv({ DATABASE_URL: url, DATABASE_PREPARED_STATEMENTS: 'false' }))).toEqual({ kind: 'postgres', url, preparedStatements: false });
    expect(() => parseEnv({ DATABASE_PREPARED_STATEMENTS: 'off' })).toThrow('DATABASE_PREPARED_STATEMENTS: DATABASE_PREPARED_STATEMENTS must be true or false');
  });

  it('refuses DCR_ALLOW_CLIENT_SECRET_BASIC with a remote AUTHORIZATION_SERVER, which issues its own secrets', () => {
    const remote = { AUTHORIZATION_SERVER: 'https://as.bank.example/realms/ob' };
    expect(() => parseEnv({ ...remote, DCR_ALLOW_CLIENT_SECRET_BASIC: 'true' })).toThrow(
      'DCR_ALLOW_CLIENT_SECRET_BASIC: DCR_ALLOW_CLIENT_SECRET_BASIC cannot be true with a remote AUTHORIZATION_SERVER, which issues its own client secrets',
    );
    expect(parseEnv({ ...remote, DCR_ALLOW_CLIENT_SECRET_BASIC: 'false' }).dcrAllowClientSecretBasic).toBe(false);
    expect(parseEnv({ AUTHORIZATION_SERVER: 'embedded', DCR_ALLOW_CLIENT_SECRET_BASIC: 'true' }).dcrAllowClientSecretBasic).toBe(true);
  });

  it('treats an empty variable as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', PORTAL_URL: '' })).toMatchObject({ databaseUrl: undefined, portalUrl: 'http://localhost:3000' });
  });

  it('reads the rate limits, for every environment or per environment, 0 turning one off', () => {
    const env = parseEnv({ RATE_LIMIT_REGISTER_PER_MINUTE: '0', RATE_LIMIT_TOKEN_PER_MINUTE: 'sandbox=0, production=120, 30' });
    expect(env.rateLimits).toEqual({ register: { byEnvironment: {}, otherwise: null }, token: { byEnvironment: { sandbox: null, production: 120 }, otherwise: 30 } });
    expect(parseEnv({ REDIS_URL: 'redis://cache.bank.internal:6379/2' }).redisUrl).toBe('redis://cache.bank.internal:6379/2');
  });

  it('accepts a PostgreSQL DATABASE_URL', () => {
    expect(parseEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/test');
  });

  it.each([
    ['DATABASE_URL', 'not a url', 'DATABASE_URL: DATABASE_URL must be a postgres:// or postgresql:// URL with a host (unset it to use the embedded database)'],
    ['DATABASE_URL', 'mysql://root@localhost/db', 'DATABASE_URL: DATABASE_URL must be a postgres:// or postgresql:// URL with a host (unset it to use the embedded database)'],
    ['PORTAL_URL', 'localhost:3000', 'PORTAL_URL: PORTAL_URL must be an absolute http(s) URL'],
    ['DIRECTORY_ISSUER', 'ftp://directory.example', 'DIRECTORY_ISSUER: DIRECTORY_ISSUER must be an absolute http(s) URL'],
    ['MTLS_CERT_HEADER', 'bad header', 'MTLS_CERT_HEADER: MTLS_CERT_HEADER must be an HTTP header name'],
    ['NEXTAUTH_SECRET', 'short', 'NEXTAUTH_SECRET: NEXTAUTH_SECRET must be at least 32 characters'],
    ['MTLS_PROXY_SECRET', 'short', 'MTLS_PROXY_SECRET: MTLS_PROXY_SECRET must be at least 32 characters'],
    ['DCR_ALLOW_CLIENT_SECRET_BASIC', 'yes', 'DCR_ALLOW_CLIENT_SECRET_BASIC: DCR_ALLOW_CLIENT_SECRET_BASIC must be true or false'],
    ['ACCESS_TOKEN_TTL_SECONDS', '5', 'ACCESS_TOKEN_TTL_SECONDS: Too small: expected number to be >=30'],
    ['REVOCATION_CACHE_MAX_AGE_SECONDS', '-1', 'REVOCATION_CACHE_MAX_AGE_SECONDS: Too small: expected number to be >=0'],
    ['REVOCATION_CACHE_MAX_AGE_SECONDS', '90000', 'REVOCATION_CACHE_MAX_AGE_SECONDS: Too big: expected number to be <=86400'],
    ['CERTIFICATE_STATUS_MAX_AGE_SECONDS', '-5', 'CERTIFICATE_STATUS_MAX_AGE_SECONDS: Too small: expected number to be >=0'],
    ['CERTIFICATE_STATUS_MAX_AGE_SECONDS', 'an hour', 'CERTIFICATE_STATUS_MAX_AGE_SECONDS: Invalid input: expected number, received NaN'],
    ['TRUST_RECHECK_INTERVAL_SECONDS', '10', 'TRUST_RECHECK_INTERVAL_SECONDS: Too small: expected number to be >=60'],
    ['TRUST_RECHECK_INTERVAL_SECONDS', '90000', 'TRUST_RECHECK_INTERVAL_SECONDS: Too big: expected number to be <=86400'],
    ['RATE_LIMIT_REGISTER_PER_MINUTE', '-1', 'RATE_LIMIT_REGISTER_PER_MINUTE: RATE_LIMIT_REGISTER_PER_MINUTE must be a whole number per minute, or environment=number pairs such as sandbox=300,60; got "-1"'],
    ['RATE_LIMIT_TOKEN_PER_MINUTE', 'many', 'RATE_LIMIT_TOKEN_PER_MINUTE: RATE_LIMIT_TOKEN_PER_MINUTE must be a whole number per minute, or environment=number pairs such as sandbox=300,60; got "many"'],
    ['RATE_LIMIT_TOKEN_PER_MINUTE', '1.5', 'RATE_LIMIT_TOKEN_PER_MINUTE: RATE_LIMIT_TOKEN_PER_MINUTE must be a whole number per minute, or environment=number pairs such as sandbox=300,60; got "1.5"'],
    ['RATE_LIMIT_TOKEN_PER_MINUTE', 'sandbox=600', 'RATE_LIMIT_TOKEN_PER_MINUTE: RATE_LIMIT_TOKEN_PER_MINUTE must include a bare number for the other environments, such as sandbox=300,60'],
    ['REDIS_URL', 'http://cache:6379', 'REDIS_URL: REDIS_URL must be a redis:// or rediss:// URL'],
    ['METRICS_ADDRESS', '9464', 'METRICS_ADDRESS: METRICS_ADDRESS must be host:port, such as 127.0.0.1:9464'],
    ['METRICS_ADDRESS', '127.0.0.1:8080', "METRICS_ADDRESS: METRICS_ADDRESS must use a port of its own, neither API_ADDRESS's nor MTLS_URL's"],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL: LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent'],
  ])('refuses a malformed %s, naming the variable', (name, value, issue) => {
    let thrown: unknown;
    try {
      parseEnv({ [name]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EnvError);
    expect((thrown as EnvError).issues).toEqual([issue]);
  });
});
