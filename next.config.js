// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // These load WebAssembly or native drivers at run time; Next.js must not bundle them. @peculiar/x509 neither: bundled,
  // its `getExtension(SomeExtension)` found no Authority Information Access or CRL Distribution Points in any
  // certificate, so the portal saw no OCSP responder or CRL (the trust re-check found every one "not checkable").
  serverExternalPackages: ['@electric-sql/pglite', 'pglite-prisma-adapter', '@prisma/adapter-pg', 'pg', '@prisma/client', '@peculiar/x509', 'pino', 'prom-client'],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          // Nothing in the portal uses these browser features; a compromised page cannot either.
          { key: 'Permissions-Policy', value: 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()' },
          // A window the portal opens (or that opens it) gets no handle on it.
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          // The per-request headers (nonce-based Content-Security-Policy, HSTS behind https) come from proxy.ts.
        ],
      },
    ];
  },
};

module.exports = nextConfig;
