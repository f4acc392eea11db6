// CPU time spent by processes, read from /proc: what a request costs the machine, whatever
// else runs on it. Throughput on this shared 2-core machine swings with the load other
// processes put on it; CPU time per request (the server's processes plus its PostgreSQL
// backends) does not, so it is what tells two versions of a path apart.
import fs from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

type Stat = { pid: number; ppid: number; comm: string; cpuMs: number };

function readStats(): Stat[] {
  const stats: Stat[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid ... utime stime: comm may hold spaces and parentheses.
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' ');
    stats.push({
      pid: Number(entry),
      ppid: Number(fields[1]),
      comm: text.slice(text.indexOf('(') + 1, close),
      // utime + stime, and cutime + cstime: its children that exited (a PostgreSQL backend
      // that closed) still count, on their parent.
      cpuMs: (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * TICK_MS,
    });
  }
  return stats;
}

/**
 * CPU milliseconds (user + system) of the live processes under `root` (itself included),
 * only those whose name `match` accepts when given.
 */
export function processTreeCpuMs(root: number, match?: (comm: string) => boolean): number {
  const stats = readStats();
  const children = new Map<number, Stat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  let total = 0;
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      if (!match || match(child.comm)) total += child.cpuMs;
      walk(child.pid);
    }
  };
  const self = stats.find((s) => s.pid === root);
  if (self && (!match || match(self.comm))) total += self.cpuMs;
  walk(root);
  return total;
}

export type ServerCpu = { serverMs: number; postgresMs: number };

/** The CPU of a server's processes and of the embedded PostgreSQL this process started (its backends serve that server). */
export function serverCpu(serverPid: number): () => ServerCpu {
  return () => ({ serverMs: processTreeCpuMs(serverPid), postgresMs: processTreeCpuMs(process.pid, (comm) => comm.startsWith('postgres')) });
}
