/** A catalog with the same keys as another, any strings: how every other language mirrors zh-CN. */
export type Catalog<T> = { [K in keyof T]: T[K] extends string ? string : Catalog<T[K]> };
