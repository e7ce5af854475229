// 405 for a method the route table does not serve on one of its paths, with `Allow` naming those it does; a path
// the table does not have stays a 404. Runs after every route, so it sees only requests none of them answered.
import type { NextFunction, Request, Response } from "express";
import { problem, servedRouteList } from "@helhedsplan/api";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Each served path as the router matches it — in any case, with an optional trailing slash, a `:parameter` being one
 * non-empty segment — with the methods the table serves there. Example: `/api/v1/plans` → `["GET", "POST"]`.
 */
const servedPaths = [...new Set(servedRouteList.map((route) => route.path))].map((path) => ({
  pattern: new RegExp(
    `^${path
      .split("/")
      .map((segment) => (segment.startsWith(":") ? "[^/]+" : escapeRegExp(segment)))
      .join("/")}/?$`,
    "i",
  ),
  methods: servedRouteList.filter((route) => route.path === path).map((route) => route.method),
}));

/** The Express middleware: 405 when the path is one the route table serves with other methods, else on to the 404. */
export function methodNotAllowed() {
  return (req: Request, _res: Response, next: NextFunction) => {
    const allowed = [
      ...new Set(servedPaths.filter(({ pattern }) => pattern.test(req.path)).flatMap(({ methods }) => methods)),
    ].sort();
    if (allowed.length === 0 || allowed.some((method) => method === req.method)) return next();
    next(problem.methodNotAllowed(req.method, allowed));
  };
}
