// Reads and validates one workbook in a process of its own, so a test can measure the reader's
// time and peak memory (RSS) without the test runner's own memory in the figure.
import { readWorkbook } from "./read-workbook";

const file = process.argv[2] ?? "";
const started = performance.now();
const { findings } = await readWorkbook(file);
const milliseconds = Math.round(performance.now() - started);
// resourceUsage().maxRSS is the peak resident set size in kilobytes.
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(
  JSON.stringify({
    milliseconds,
    peakRssMb,
    findings: findings.map(({ ruleId, path, cell }) => ({ ruleId, path, cell })),
  }),
);
