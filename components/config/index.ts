export * from "./stackConfig";
