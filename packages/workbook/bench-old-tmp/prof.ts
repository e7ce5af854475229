import { readWorkbookGrids as gridsNew } from "../src/xlsx/read-workbook";
import { planWithLines } from "../src/xlsx/test-workbooks";
import { writeTemplate } from "../src/xlsx/write-template";
const bytes = await writeTemplate(planWithLines(2000));
for (let i = 0; i < 300; i++) await gridsNew(bytes);
