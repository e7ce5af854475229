// The errors the test host throws: Office.js' own (`OfficeExtension.Error`, name "RichApi.Error", with `code`)
// for what Excel refuses, and `TestHostError` for what the host itself does not provide.

/** The error codes the host uses, spelt as `Excel.ErrorCodes` / `OfficeExtension.ErrorCodes` spell them. */
export const ErrorCodes = {
  accessDenied: "AccessDenied",
  apiNotFound: "ApiNotFound",
  generalException: "GeneralException",
  invalidArgument: "InvalidArgument",
  invalidOperation: "InvalidOperation",
  invalidOperationInCellEditMode: "InvalidOperationInCellEditMode",
  invalidObjectPath: "InvalidObjectPath",
  itemAlreadyExists: "ItemAlreadyExists",
  itemNotFound: "ItemNotFound",
  propertyNotLoaded: "PropertyNotLoaded",
  requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** `OfficeExtension.Error` as Office.js throws it: `{ name: "RichApi.Error", code, message, debugInfo }`. */
export class OfficeError extends Error {
  override readonly name = "RichApi.Error";
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  readonly traceMessages: string[] = [];
  readonly innerError: null = null;

  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.code = code;
    this.debugInfo = errorLocation === undefined ? { code, message } : { code, message, errorLocation };
  }

  override toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

/** The error of reading a property that was not loaded and synced, with Office.js' wording. */
export function propertyNotLoaded(property: string, type: string): OfficeError {
  return new OfficeError(
    ErrorCodes.propertyNotLoaded,
    `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    `${type}.${property}`,
  );
}

/**
 * Something the test host does not provide: a member outside the Office.js subset of docs/excel-addin.md, or a form of
 * an API the host does not model. Not an Office.js error: the adapter should never meet it.
 */
export class TestHostError extends Error {
  override readonly name = "TestHostError";
}
