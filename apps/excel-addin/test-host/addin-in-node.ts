// The real add-in — its controller over its Excel adapter — on a host in Node, without a browser:
// what the pane's office-loader does in the frame (the host's globals become the pane's), then a start.
import { createController, type Controller } from "../src/controller";
import { excelAdapter } from "../src/excel-adapter";
import type { SessionStore } from "../src/session";
import { createHost, type Host, type HostOptions } from "./host";

/** Starts the add-in on a new host once its first validation has ended. Example: `const { host } = await startAddinInNode({ api: "1.9" })`. */
export async function startAddinInNode(
  options: HostOptions & { sessions?: SessionStore } = {},
): Promise<{ host: Host; controller: Controller }> {
  const host = createHost(options);
  const globals = globalThis as Record<string, unknown>;
  globals.Office = host.testHostOffice.Office;
  globals.Excel = host.testHostOffice.Excel;
  const controller = createController(excelAdapter(), {
    host: host.testHostPane,
    ...(options.sessions === undefined ? {} : { sessions: options.sessions }),
  });
  // As main.tsx hands them over in the page's frame.
  host.testHostPane.controls({ signIn: (serviceUrl, token) => controller.signIn(serviceUrl.trim(), token.trim()) });
  await controller.start();
  await host.testHost.ready;
  return { host, controller };
}
