import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { revocationStatusListWithProof } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";

const listNumber = z.coerce.number().int().min(1).max(1_000_000);

/**
 * The revocation status list that badges with an embedded proof point to: the bits of
 * /credentials/status/<n>, with a Data Integrity proof. Public; cached as briefly as the VC-JWT form.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const list = listNumber.safeParse(params.list);
  if (!list.success || String(list.data) !== params.list) throw notFound();
  const credential = await revocationStatusListWithProof(await db(), list.data);
  if (!credential) throw notFound();
  return Response.json(credential, {
    headers: {
      "Content-Type": "application/vc",
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
