// What the database connections do while the service is under load, sampled from
// pg_stat_activity: running, waiting for a lock (e.g. the pool row every submit updates), or
// idle inside a transaction — waiting for the service to send its next statement.
import pg from "pg";

/** Average number of the database's client connections in each state over the samples taken. */
export interface BackendStates {
  samples: number;
  running: number;
  waitingForLock: number;
  idleInTransaction: number;
}

const sampleEveryMs = 20;

/** Samples the connections to the database of `databaseUrl` (other than its own) while windows run. */
export class BackendSampler {
  private readonly totals = { samples: 0, running: 0, waitingForLock: 0, idleInTransaction: 0 };
  private readonly client: pg.Client;

  private constructor(client: pg.Client) {
    this.client = client;
  }

  /** A sampler with its own connection; `close` it after the last window. */
  static async open(databaseUrl: string): Promise<BackendSampler> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    return new BackendSampler(client);
  }

  /** Samples until `work` settles, and answers what `work` answers. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    let done = false;
    const sampling = (async () => {
      while (!done) {
        await this.sample();
        await new Promise((resolve) => setTimeout(resolve, sampleEveryMs));
      }
    })();
    try {
      return await work();
    } finally {
      done = true;
      await sampling;
    }
  }

  /** The averages over every window sampled so far. */
  averages(): BackendStates {
    const { samples, running, waitingForLock, idleInTransaction } = this.totals;
    const average = (total: number) => (samples === 0 ? 0 : total / samples);
    return {
      samples,
      running: average(running),
      waitingForLock: average(waitingForLock),
      idleInTransaction: average(idleInTransaction),
    };
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  private async sample(): Promise<void> {
    const { rows } = await this.client.query<{ running: string; waiting: string; idle: string }>(
      `SELECT count(*) FILTER (WHERE state = 'active' AND wait_event_type IS DISTINCT FROM 'Lock') AS running,
              count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock') AS waiting,
              count(*) FILTER (WHERE state = 'idle in transaction') AS idle
       FROM pg_stat_activity
       WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
    );
    const row = rows[0];
    if (row === undefined) return;
    this.totals.samples++;
    this.totals.running += Number(row.running);
    this.totals.waitingForLock += Number(row.waiting);
    this.totals.idleInTransaction += Number(row.idle);
  }
}
