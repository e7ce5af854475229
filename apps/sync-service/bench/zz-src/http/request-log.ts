// One log line per request with a request id (taken from x-request-id when the client sends a
// sane one, otherwise new) that is echoed back, so a client's report can be found in the logs.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pinoHttp } from "pino-http";
import type { Logger } from "../logger";

const saneRequestId = /^[A-Za-z0-9._:-]{1,100}$/;

/** The pino-http middleware: request id, method, URL, status and time — never the headers. */
export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const sent = req.headers["x-request-id"];
      const id = typeof sent === "string" && saneRequestId.test(sent) ? sent : randomUUID();
      res.setHeader("x-request-id", id);
      return id;
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error !== undefined || res.statusCode >= 500 ? "error" : "info"),
  });
}
