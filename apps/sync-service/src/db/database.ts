// The database as Kysely sees it, and how the service opens it: PostgreSQL through `pg` when
// DATABASE_URL is set, otherwise embedded PGlite in DATA_DIR.
import { PGlite } from "@electric-sql/pglite";
import { CompiledQuery, Kysely, PGliteDialect, PostgresDialect } from "kysely";
import pg from "pg";
import type { AuditTable } from "../audit/audit.table";
import type { ContractRevisionTable, ContractTable } from "../contracts/contract.table";
import type { DecisionTable } from "../decisions/decision.table";
import type { IdempotencyKeyTable } from "../idempotency/idempotency.table";
import type { PlanTable, PlanVersionTable } from "../plans/plan.table";
import type { PoolLedgerTable, PoolTable } from "../pools/pool.table";
import type { ApprovedLineTable, ReportLineTable, ReportTable } from "../reports/report.table";
import type {
  CategoryTable,
  DistrictTable,
  FocusAreaTable,
  RuleProfileTable,
  SourceTable,
} from "../reference/reference.table";
import type { TokenTable } from "../tokens/token.table";

export interface Database {
  districts: DistrictTable;
  focus_areas: FocusAreaTable;
  sources: SourceTable;
  categories: CategoryTable;
  rule_profile: RuleProfileTable;
  pools: PoolTable;
  pool_ledger: PoolLedgerTable;
  tokens: TokenTable;
  plans: PlanTable;
  plan_versions: PlanVersionTable;
  decisions: DecisionTable;
  contracts: ContractTable;
  contract_revisions: ContractRevisionTable;
  idempotency_keys: IdempotencyKeyTable;
  audit: AuditTable;
  reports: ReportTable;
  report_lines: ReportLineTable;
  approved_lines: ApprovedLineTable;
}

/** The database handle every repository function takes first. */
export type Db = Kysely<Database>;

/** Where the data lives: a PostgreSQL server, or PGlite in a folder (or in memory when `dataDir` is absent). */
export type DatabaseTarget =
  | { kind: "postgres"; url: string; statementTimeoutMs: number; maxConnections?: number }
  | { kind: "pglite"; dataDir?: string; statementTimeoutMs: number };

/**
 * A statement the server does not answer (frozen, or cut off by the network) is ended by pg's `query_timeout`, but it
 * stays the connection's active query: the next statement on it — the transaction's ROLLBACK — would wait behind it
 * for a timeout of its own. So the connection is closed then: the ROLLBACK fails at once (503), the server rolls back
 * when it notices, and the pool drops the client on release.
 */
function closeOnQueryTimeout(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const connection = (client as unknown as { connection: { stream: { destroy(): void } } }).connection;
  Object.assign(client, {
    query: (...args: unknown[]) => {
      const result = query(...args);
      if (result instanceof Promise)
        result.catch((error: unknown) => {
          if (error instanceof Error && error.message === "Query read timeout") connection.stream.destroy();
        });
      return result;
    },
  });
}

/** Opens Kysely on the target. Nothing connects until the first query. */
export function openDatabase(target: DatabaseTarget, onPoolError: (error: Error) => void = () => {}): Db {
  if (target.kind === "postgres") {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.maxConnections ?? 20,
      // Bounded waits everywhere, so a request fails with 503 instead of hanging while the server is away.
      connectionTimeoutMillis: target.statementTimeoutMs,
      statement_timeout: target.statementTimeoutMs,
      query_timeout: target.statementTimeoutMs + 1_000,
      idle_in_transaction_session_timeout: target.statementTimeoutMs * 2,
    });
    pool.on("error", onPoolError);
    pool.on("connect", closeOnQueryTimeout);
    // pg-pool listens for a client's errors only while it is idle. A connection the server ends while a request holds
    // it between statements (a restart, pg_terminate_backend, the idle-in-transaction timeout) would otherwise emit
    // an unhandled 'error' and end the process; with this listener the request's next statement fails (503) and the
    // pool drops the client on release.
    const whileHeld = (error: Error) => onPoolError(error);
    pool.on("acquire", (client) => {
      if (!client.listeners("error").includes(whileHeld)) client.on("error", whileHeld);
    });
    pool.on("release", (_error, client) => client.removeListener("error", whileHeld));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const dataDir = target.dataDir;
  return new Kysely<Database>({
    dialect: new PGliteDialect({
      pglite: () => (dataDir === undefined ? new PGlite() : new PGlite(dataDir)),
      onCreateConnection: async (connection) => {
        await connection.executeQuery(CompiledQuery.raw(`SET statement_timeout = ${target.statementTimeoutMs}`));
      },
    }),
  });
}
