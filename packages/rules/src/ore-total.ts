// Exact sums of øre: plain numbers while a total stays within Number.MAX_SAFE_INTEGER (the
// common case, and fast), BigInt from the first total that would leave that range.

/** A sum of øre: a safe non-negative integer number, or a BigInt once the sum outgrew the safe range. */
export type OreTotal = number | bigint;

/** `total + amount` exactly, for totals and safe non-negative integer amounts. */
export function addOre(total: OreTotal, amount: OreTotal): OreTotal {
  if (typeof total === "number" && typeof amount === "number") {
    const sum = total + amount;
    // Two safe integers sum to at most 2^54: a float sum above MAX_SAFE_INTEGER may be rounded, so redo it exactly.
    if (sum <= Number.MAX_SAFE_INTEGER) return sum;
  }
  return BigInt(total) + BigInt(amount);
}

/** A total as a BigInt, for exact products and comparisons. */
export function oreBig(total: OreTotal): bigint {
  return typeof total === "bigint" ? total : BigInt(total);
}
