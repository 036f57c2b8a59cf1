export * from "./ackCluster";
export * from "./cidr";
export * from "./conversion";
export * from "./credentials";
export * from "./plan";
export * from "./regions";
export * from "./roles";
export * from "./program";
