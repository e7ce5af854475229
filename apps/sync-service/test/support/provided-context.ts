// What the global setup hands the test files (vitest's provide/inject).
declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated template database on TEST_DATABASE_URL's server, or "" without one. */
    templateDatabase: string;
  }
}

export {};
