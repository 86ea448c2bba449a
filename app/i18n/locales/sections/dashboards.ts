// The dashboards screens' strings: zh-CN first, English beside it (same keys).
import type { Catalog } from "../catalog";

export const zh = {
  title: "",
};

export const en: Catalog<typeof zh> = {
  title: "",
};
