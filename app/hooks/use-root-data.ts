import { useRouteLoaderData } from "@remix-run/react";
import type { rootLoader } from "~/utils/root-loader.server";

/** The root loader's data (language, signed-in user), from any component. */
export function useRootData() {
  return useRouteLoaderData<typeof rootLoader>("root");
}
