// One file per owning area (docs/architecture.md, "Tables and owners").
export * from "./auth";
export * from "./orgs";
export * from "./audit";
export * from "./mail";
export * from "./notifications";
export * from "./privacy";
export * from "./content";
export * from "./cohorts";
export * from "./learning";
export * from "./exams";
export * from "./portfolio";
export * from "./certificates";
export * from "./verification";
export * from "./enrolment";
export * from "./statistics";
