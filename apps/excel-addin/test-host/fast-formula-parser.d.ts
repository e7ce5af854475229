// The part of fast-formula-parser (MIT, CommonJS, no types of its own) the test host's formula engine uses.
declare module "fast-formula-parser" {
  /** 1-based, as the parser counts. */
  export interface CellRef {
    sheet?: string;
    row: number;
    col: number;
  }
  export interface RangeRef {
    sheet?: string;
    from: { row: number; col: number };
    to: { row: number; col: number };
  }
  export interface Position {
    sheet: string;
    row: number;
    col: number;
  }
  /** A function argument after the parser retrieved its value. */
  export interface Argument {
    value: unknown;
    isArray: boolean;
    isRangeRef?: boolean;
    isCellRef?: boolean;
    omitted?: boolean;
  }

  export class FormulaError extends Error {
    constructor(error: string, message?: string, details?: unknown);
    readonly error: string;
    static readonly DIV0: FormulaError;
    static readonly NA: FormulaError;
    static readonly NAME: FormulaError;
    static readonly NULL: FormulaError;
    static readonly NUM: FormulaError;
    static readonly REF: FormulaError;
    static readonly VALUE: FormulaError;
  }

  export interface ParserConfig {
    functions?: Record<string, (...args: never[]) => unknown>;
    functionsNeedContext?: Record<string, (context: FormulaParser, ...args: never[]) => unknown>;
    onVariable?: (name: string, sheet: string, position: Position) => CellRef | RangeRef | null;
    onCell?: (ref: CellRef) => unknown;
    onRange?: (ref: RangeRef) => unknown[][];
  }

  interface Utils {
    extractRefValue(value: unknown): { val: unknown; isArray: boolean };
    _applyInfix(
      left: { val: unknown; isArray: boolean },
      infix: string,
      right: { val: unknown; isArray: boolean },
    ): unknown;
  }

  class FormulaParser {
    constructor(config?: ParserConfig);
    parse(formula: string, position: Position, allowReturnArray?: boolean): unknown;
    functions: Record<string, (...args: never[]) => unknown>;
    utils: Utils;
    position: Position;
    static FormulaError: typeof FormulaError;
  }
  export default FormulaParser;
}
