import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import { MlflowLinkRedirect } from '@/components/mlflow-link-redirect';
import './globals.css';

export const metadata: Metadata = {
  title: 'Cairn',
  description: 'Experiment tracking, model registry and lineage for ML teams',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its inline scripts carry that response's CSP nonce
  // (lib/http/security-headers.ts), which a page prerendered at build time could not.
  await connection();
  return (
    <html lang="en">
      <body>
        <MlflowLinkRedirect />
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
