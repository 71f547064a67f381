import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { median, type Figures } from './stats.js';

/**
 * CPU spent per request by each side of a load, read from the kernel's counters (Linux's /proc), so a
 * throughput ratio can be read beside what each request cost: on a machine whose cores the server, PostgreSQL
 * and this load generator share, throughput follows the machine's hour, CPU per request much less
 * (docs/performance.md, *CPU per request beside throughput*).
 */
export interface CpuPerRequest {
  /** The server under load: the API or the bare baseline. */
  server: number;
  /** Every PostgreSQL process on the machine. */
  postgres: number;
  /** This process: the load generator (and whatever else the bench does meanwhile: nothing, during a round). */
  bench: number;
}

/** Milliseconds per clock tick of /proc's CPU times; null where there is no /proc (then nothing is measured). */
const TICK_MS: number | null = (() => {
  try {
    const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return hz > 0 && readdirSync('/proc').length > 0 ? 1000 / hz : null;
  } catch {
    return null;
  }
})();

/** A process's fields after its command's name in /proc/<pid>/stat: [1] parent, [11] [12] its user and system ticks, [13] [14] those of the children it has waited for. */
function statOf(pid: string | number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

function ticksOf(pid: string | number): number {
  const fields = statOf(pid);
  return Number(fields[11]) + Number(fields[12]);
}

const isPostgres = (pid: string) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';

/**
 * Every PostgreSQL process's ticks, with those of the backends that have ended: the postmaster waits for each,
 * so their ticks are in its children's count (a parallel worker lives for one statement).
 */
function postgresTicks(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!isPostgres(pid)) continue;
      const fields = statOf(pid);
      ticks += Number(fields[11]) + Number(fields[12]);
      if (!isPostgres(fields[1]!)) ticks += Number(fields[13]) + Number(fields[14]);
    } catch {
      // The process ended between the listing and the read: the postmaster's count has its ticks now.
    }
  }
  return ticks;
}

function sample(serverPid: number) {
  const own = process.cpuUsage();
  return { server: ticksOf(serverPid), postgres: postgresTicks(), bench: (own.user + own.system) / 1000 };
}

/**
 * Runs `load` against the server `serverPid` and adds what each of its requests cost in CPU: the server's own
 * process, every PostgreSQL process (whoever's work it did: nothing else runs during a round), and this one.
 * Without /proc, or if the server has gone, the figures come back as they were.
 */
export async function withCpu<F extends Figures>(serverPid: number | undefined, load: () => Promise<F>): Promise<F & { cpu?: CpuPerRequest }> {
  if (TICK_MS === null || serverPid === undefined) return load();
  let before: ReturnType<typeof sample>;
  try {
    before = sample(serverPid);
  } catch {
    return load();
  }
  const figures = await load();
  try {
    const after = sample(serverPid);
    const per = (ms: number) => (figures.n > 0 ? ms / figures.n : Number.NaN);
    return {
      ...figures,
      cpu: {
        server: per((after.server - before.server) * TICK_MS),
        postgres: per((after.postgres - before.postgres) * TICK_MS),
        bench: per(after.bench - before.bench),
      },
    };
  } catch {
    return figures;
  }
}

/** The median of each part over rounds that measured it; undefined if none did. */
export function medianCpu(rounds: (CpuPerRequest | undefined)[]): CpuPerRequest | undefined {
  const measured = rounds.filter((r): r is CpuPerRequest => r !== undefined);
  if (measured.length === 0) return undefined;
  return {
    server: median(measured.map((r) => r.server)),
    postgres: median(measured.map((r) => r.postgres)),
    bench: median(measured.map((r) => r.bench)),
  };
}
