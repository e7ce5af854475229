// What the global setup hands the test files (vitest's provide/inject).
declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated template database on TEST_DATABASE_URL's server, or "" without one. */
    templateDatabase: string;
    /** What the add-in's global setup found: its pages fresh, built now, or a build that failed (its output is above). */
    addinBuild: "fresh" | "built" | "failed";
  }
}

export {};
