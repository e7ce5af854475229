// Starts the service under test in its own process (service-process.ts) and stops it again.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The environment the benchmark hands the service process. */
export const serviceEnv = {
  databaseUrl: "BENCH_SERVICE_DATABASE_URL",
  adminToken: "BENCH_SERVICE_ADMIN_TOKEN",
  /** Optional: the service's database connection pool size; unset, the service's own default. */
  poolSize: "BENCH_SERVICE_POOL_SIZE",
} as const;

/** What the service process tells the benchmark once it listens. */
export interface ServiceReady {
  kind: "ready";
  port: number;
}

/** The service process's answer to `cpuUsageRequest`: `process.cpuUsage()` there. */
export interface ServiceCpuUsage {
  kind: "cpu-usage";
  usage: NodeJS.CpuUsage;
}

/** The message asking the service process for its CPU time. */
export const cpuUsageRequest = "cpu-usage";

/** A running service: its origin, its CPU time so far (user + system, in seconds), and how to stop it. */
export interface ServiceHandle {
  baseUrl: string;
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

const startTimeoutMs = 60_000;

/** Forks the service on a migrated `databaseUrl` with `adminToken` as its admin token; resolves once it listens. */
export function startService(options: {
  databaseUrl: string;
  adminToken: string;
  poolSize?: string | undefined;
}): Promise<ServiceHandle> {
  const child = fork(fileURLToPath(new URL("./service-process.ts", import.meta.url)), {
    env: {
      ...process.env,
      [serviceEnv.databaseUrl]: options.databaseUrl,
      [serviceEnv.adminToken]: options.adminToken,
      ...(options.poolSize === undefined ? {} : { [serviceEnv.poolSize]: options.poolSize }),
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.connected) child.disconnect();
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`The service did not start within ${startTimeoutMs / 1000} s`));
    }, startTimeoutMs);
    child.once("message", (message: ServiceReady) => {
      clearTimeout(timer);
      resolve({ baseUrl: `http://127.0.0.1:${message.port}`, cpuSeconds: () => askCpuSeconds(child), stop });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The service process exited with code ${code ?? "none"} before it listened`));
    });
  });
}

function askCpuSeconds(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    if (!child.connected) return reject(new Error("The service process is gone"));
    const onMessage = (message: ServiceCpuUsage) => {
      if (message.kind !== "cpu-usage") return;
      child.off("exit", onExit);
      child.off("message", onMessage);
      resolve((message.usage.user + message.usage.system) / 1e6);
    };
    const onExit = () => {
      child.off("message", onMessage);
      reject(new Error("The service process exited"));
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send(cpuUsageRequest);
  });
}
