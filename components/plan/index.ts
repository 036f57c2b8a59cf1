export * from "./errors";
export * from "./inventory";
export * from "./plan";
export * from "./validate";
