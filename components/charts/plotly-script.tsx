// Plotly's basic bundle as an async script of the page (a server component): it downloads with
// the page's own scripts and is parsed off the main thread while the page hydrates; the charts
// (plot.tsx) wait for it. Every page whose first view has charts renders it;
// lib/runtime/publish-plotly-script.ts says why it is not one of the bundler's chunks.
// React places it in the document's head, once however often it is rendered.
import { headers } from 'next/headers';
import { nonceOfPolicy } from '@/lib/http/security-headers';
import { PLOTLY_SCRIPT_ID } from './plotly-script-id';

export async function PlotlyScript() {
  // Set by scripts/start.ts when it publishes the file.
  const src = process.env.CAIRN_PLOTLY_SCRIPT_URL;
  if (!src) return null;
  // The page's CSP allows scripts carrying this response's nonce only.
  const nonce = nonceOfPolicy((await headers()).get('content-security-policy'));
  return <script async id={PLOTLY_SCRIPT_ID} src={src} nonce={nonce} />;
}
