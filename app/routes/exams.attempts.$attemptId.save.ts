import type { ActionFunctionArgs } from "@remix-run/node";
import { answerExamSave, examSaveHeaders } from "~/utils/exam-save.server";
import { clientIp } from "~/utils/request.server";

/**
 * POST {item, part, response, seq}: saves one answer; answers with the stored seq and the server's clock. The server
 * answers most saves before Express and Remix (server/exam-save.ts); what still reaches Remix gets the answer of the
 * very same function.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const answer = await answerExamSave({
    attemptId: params.attemptId ?? "",
    cookieHeader: request.headers.get("Cookie"),
    body: await request.json().catch(() => null),
    clientIp: clientIp(context),
  });
  return new Response(answer.body, { status: answer.status, headers: examSaveHeaders(answer) });
}

export async function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
