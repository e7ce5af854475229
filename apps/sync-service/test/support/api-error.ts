import { ApiError } from "@helhedsplan/api";

/** The ApiError a call rejects with; fails the test when it resolves or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const outcome = await promise.then(
    () => ({ resolved: true as const }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error("Expected the call to fail, but it succeeded");
  if (!(outcome.error instanceof ApiError)) throw outcome.error;
  return outcome.error;
}
