import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import { MlflowLinkRedirect } from '@/components/mlflow-link-redirect';
import './globals.css';

export const metadata: Metadata = {
  title: 'Cairn',
  description: 'Experiment tracking, model registry and lineage for ML teams',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <MlflowLinkRedirect />
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
