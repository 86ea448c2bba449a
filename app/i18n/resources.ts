import en from "./locales/en";
import zhCN from "./locales/zh-CN";

export const resources = {
  "zh-CN": { common: zhCN },
  en: { common: en },
} as const;
