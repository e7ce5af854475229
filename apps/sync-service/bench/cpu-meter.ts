// Where the CPU goes: the service process, the PostgreSQL cluster and this benchmark process
// (the load generator or the bare-SQL client), read before and after each measured window.
// PostgreSQL's share comes from Linux's /proc; elsewhere it is simply not reported.
import { readFileSync, readdirSync } from "node:fs";
import pg from "pg";

/** CPU seconds (user + system) spent by each party; `postgres` is undefined where /proc cannot tell. */
export interface CpuSeconds {
  service: number;
  postgres: number | undefined;
  bench: number;
  /** Every process on the machine, this run's and any other's (Linux's /proc/stat); undefined where it cannot tell. */
  machine: number | undefined;
}

/** Reads the parties' CPU time so far. */
export type CpuMeter = () => Promise<CpuSeconds>;

/** /proc reports times in USER_HZ, which Linux fixes at 100 per second for user space. */
const ticksPerSecond = 100;

interface ProcStat {
  ppid: number;
  /** utime + stime: the process's own CPU. */
  ticks: number;
  /** cutime + cstime: its children's CPU once they ended and were reaped (e.g. closed backends). */
  childTicks: number;
}

function procStat(pid: number | string): ProcStat | undefined {
  try {
    // The command name (field 2) may contain spaces; the fields after it are plain numbers.
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text
      .slice(text.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
    const at = (field: number) => fields[field - 3] ?? 0;
    return { ppid: at(4), ticks: at(14) + at(15), childTicks: at(16) + at(17) };
  } catch {
    return undefined;
  }
}

/**
 * The cluster's CPU: the postmaster with every backend it has reaped, plus the processes it
 * runs now. Undefined when the server is not a local process this one can read.
 */
async function postgresCpuReader(databaseUrl: string): Promise<(() => number) | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let postmaster: number | undefined;
  try {
    const backendPid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid ?? 0;
    // Read while the backend still runs: it exits with this connection.
    postmaster = procStat(backendPid)?.ppid;
  } finally {
    await client.end();
  }
  if (postmaster === undefined || procStat(postmaster) === undefined) return undefined;
  return () => {
    const parent = procStat(postmaster);
    let ticks = parent === undefined ? 0 : parent.ticks + parent.childTicks;
    for (const entry of readdirSync("/proc")) {
      if (!/^[0-9]+$/.test(entry)) continue;
      const stat = procStat(entry);
      if (stat?.ppid === postmaster) ticks += stat.ticks;
    }
    return ticks / ticksPerSecond;
  };
}

/** The machine's busy CPU time so far: all but idle and iowait of /proc/stat's first line, in seconds. */
function machineBusySeconds(): number | undefined {
  try {
    const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is counted in user already)
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** A meter of the service process (through `serviceCpuSeconds`), the cluster behind `databaseUrl` and this process. */
export async function cpuMeter(serviceCpuSeconds: () => Promise<number>, databaseUrl: string): Promise<CpuMeter> {
  const postgres = await postgresCpuReader(databaseUrl).catch(() => undefined);
  return async () => {
    const own = process.cpuUsage();
    return {
      service: await serviceCpuSeconds(),
      postgres: postgres?.(),
      bench: (own.user + own.system) / 1e6,
      machine: machineBusySeconds(),
    };
  };
}

/** What each party spent between two readings. */
export function cpuBetween(before: CpuSeconds, after: CpuSeconds): CpuSeconds {
  return {
    service: after.service - before.service,
    postgres:
      before.postgres === undefined || after.postgres === undefined ? undefined : after.postgres - before.postgres,
    bench: after.bench - before.bench,
    machine: before.machine === undefined || after.machine === undefined ? undefined : after.machine - before.machine,
  };
}

/** The sum of two spendings (of several measured windows). */
export function addCpu(a: CpuSeconds, b: CpuSeconds): CpuSeconds {
  return {
    service: a.service + b.service,
    postgres: a.postgres === undefined || b.postgres === undefined ? undefined : a.postgres + b.postgres,
    bench: a.bench + b.bench,
    machine: a.machine === undefined || b.machine === undefined ? undefined : a.machine + b.machine,
  };
}

/** Nothing spent yet. */
export const noCpu: CpuSeconds = { service: 0, postgres: 0, bench: 0, machine: 0 };
