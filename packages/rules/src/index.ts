export * from "./schemas";
export * from "./reference";
