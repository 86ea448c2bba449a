import type { MetaDescriptor } from "@remix-run/node";
import { defaultLanguage, isLanguage } from "~/i18n/config";
import { resources } from "~/i18n/resources";

type Matches = readonly { id: string; data?: unknown }[];

function lookup(language: keyof typeof resources, key: string): string {
  let node: unknown = resources[language].common;
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === "string" ? node : key;
}

/** A page title in the reader's language (from the root loader), followed by the site name. */
export function titleMeta(matches: Matches, key: string): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as { language?: string } | undefined;
  const language = isLanguage(root?.language) ? root.language : defaultLanguage;
  return [{ title: `${lookup(language, key)} · ${lookup(language, "app.name")}` }];
}
