import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { revocationStatusList } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";

const listNumber = z.coerce.number().int().min(1).max(1_000_000);

/**
 * A revocation status list badges point to, signed (VC-JWT). Public; short cache so revocations show
 * fast, and the list itself says how long it may be kept (validUntil, ttl).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const list = listNumber.safeParse(params.list);
  if (!list.success || String(list.data) !== params.list) throw notFound();
  const jwt = await revocationStatusList(await db(), list.data);
  if (!jwt) throw notFound();
  return new Response(jwt, {
    headers: {
      "Content-Type": "application/vc+jwt",
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
