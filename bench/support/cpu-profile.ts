// Reads the V8 CPU profiles a server wrote with --cpu-prof and prints where its time went:
// self time grouped by owner (a package under node_modules, Next's build output, Cairn's own
// lib/, Node's internals, GC, idle) and the costliest functions.
import fs from 'node:fs';
import path from 'node:path';

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

function owner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native/V8)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.includes('/.next/')) return '.next (compiled app and Next runtime chunks)';
  const lib = /\/(lib|graphql|app|scripts)\/([^/]+)/.exec(url);
  return lib ? `cairn ${lib[1]}/${lib[2]}` : url;
}

export function summarizeCpuProfiles(dir: string, top = 15): void {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const selfMicros = new Map<number, number>();
    profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
    const idle = [...selfMicros].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
    const busy = total - idle;
    const groups = new Map<string, number>();
    const functions = new Map<string, number>();
    for (const [id, micros] of selfMicros) {
      const frame = byId.get(id)!.callFrame;
      if (frame.functionName === '(idle)') continue;
      const group = owner(frame.url, frame.functionName);
      groups.set(group, (groups.get(group) ?? 0) + micros);
      const name = `${frame.functionName || '(anonymous)'} ${group}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
      functions.set(name, (functions.get(name) ?? 0) + micros);
    }
    const pct = (micros: number) => `${((micros / busy) * 100).toFixed(1).padStart(5)}%`;
    console.log(`  CPU profile ${path.join(dir, file)}: ${(busy / 1e6).toFixed(1)} s busy of ${(total / 1e6).toFixed(1)} s`);
    console.log('  self time by owner:');
    for (const [group, micros] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`    ${pct(micros)}  ${group}`);
    console.log('  costliest functions (self time):');
    for (const [name, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`    ${pct(micros)}  ${name}`);
  }
}

if (process.argv[1] === import.meta.filename) summarizeCpuProfiles(process.argv[2]);
