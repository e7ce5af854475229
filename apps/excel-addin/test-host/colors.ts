// Colours as Office.js takes and gives them: "#RRGGBB" in capitals; a few HTML names are accepted on input.

const NAMED: Record<string, string> = {
  black: "#000000",
  white: "#FFFFFF",
  red: "#FF0000",
  lime: "#00FF00",
  green: "#008000",
  blue: "#0000FF",
  yellow: "#FFFF00",
  orange: "#FFA500",
  purple: "#800080",
  gray: "#808080",
  grey: "#808080",
  silver: "#C0C0C0",
  navy: "#000080",
  teal: "#008080",
  maroon: "#800000",
  olive: "#808000",
  aqua: "#00FFFF",
  cyan: "#00FFFF",
  fuchsia: "#FF00FF",
  magenta: "#FF00FF",
  pink: "#FFC0CB",
  lightgreen: "#90EE90",
  lightblue: "#ADD8E6",
  lightyellow: "#FFFFE0",
  lightgray: "#D3D3D3",
  lightgrey: "#D3D3D3",
};

/** `"#ffc7ce"`, `"#FC7"`, `"red"` → `"#FFC7CE"`, `"#FFCC77"`, `"#FF0000"`; null for anything else. */
export function normalizeColor(input: unknown): string | null {
  if (typeof input !== "string") return null;
  const text = input.trim().toLowerCase();
  const named = NAMED[text];
  if (named) return named;
  const long = /^#?([0-9a-f]{6})$/.exec(text);
  if (long) return `#${(long[1] ?? "").toUpperCase()}`;
  const short = /^#([0-9a-f]{3})$/.exec(text);
  if (short)
    return `#${[...(short[1] ?? "")]
      .map((digit) => digit + digit)
      .join("")
      .toUpperCase()}`;
  return null;
}
