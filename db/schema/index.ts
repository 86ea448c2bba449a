export * from "./auth";
export * from "./audit";
export * from "./mail";
export * from "./orgs";
export * from "./learning";
export * from "./exams";
export * from "./cohorts";
