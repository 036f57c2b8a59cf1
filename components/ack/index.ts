export * from "./cidr";
export * from "./credentials";
export * from "./plan";
export * from "./regions";
export * from "./roles";
