import type { NextFunction, Request, Response } from "express";
import { isCrossSiteMutation } from "../app/utils/request-guard.server";

/** Refuses state-changing requests that a browser made from another site (CSRF). */
export function originGuard(appUrl?: string) {
  const fixedOrigin = appUrl ? new URL(appUrl).origin : undefined;
  return (req: Request, res: Response, next: NextFunction) => {
    const expectedOrigin = fixedOrigin ?? `${req.protocol}://${req.get("host")}`;
    if (
      isCrossSiteMutation({
        method: req.method,
        origin: req.get("origin"),
        secFetchSite: req.get("sec-fetch-site"),
        expectedOrigin,
      })
    ) {
      res.status(403).type("text/plain; charset=utf-8").send("跨站请求已被拒绝 / Cross-site request refused");
      return;
    }
    next();
  };
}
