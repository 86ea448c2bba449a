import type { NextFunction, Request, Response } from "express";
import { resources } from "../app/i18n/resources";
import { isCrossSiteMutation } from "../app/utils/request-guard.server";

// Plain text before Remix runs, so both languages at once, from the catalogs.
const refusal = `${resources["zh-CN"].common.errors.crossSite}\n${resources.en.common.errors.crossSite}\n`;

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
      res.status(403).type("text/plain; charset=utf-8").send(refusal);
      return;
    }
    next();
  };
}
