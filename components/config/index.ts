export * from "./settings";
export * from "./stackConfig";
export * from "./stackFile";
export * from "./unknownSettings";
