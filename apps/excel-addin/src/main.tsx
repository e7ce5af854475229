// The task pane's entry: nothing runs before Office.onReady; then the controller is made over the
// Excel adapter and the pane is mounted with it.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createController } from "./controller";
import { excelAdapter } from "./excel-adapter";
import { inTestHost, loadOffice } from "./office-loader";
import { App } from "./pane/App";
import { sessionStore } from "./session";

function show(message: string) {
  const root = document.getElementById("root");
  if (root) root.textContent = message;
}

async function main() {
  await loadOffice();
  const info = await Office.onReady();
  if (info.host !== Office.HostType.Excel) {
    show("helhedsplan kører i Excel: åbn tilføjelsesprogrammet fra båndet i Excel.");
    return;
  }
  if (!Office.context.requirements.isSetSupported("ExcelApi", "1.9")) {
    show("Denne udgave af Excel er for gammel til helhedsplan (kræver ExcelApi 1.9: Microsoft 365 eller Office 2021).");
    return;
  }
  const host = inTestHost() ? window.parent.testHostPane : undefined;
  const controller = createController(excelAdapter(), {
    sessions: sessionStore(),
    ...(host === undefined ? {} : { host }),
  });
  // The test host acts as a user of the pane through the pane's own paths (the Log ind button trims, as here).
  host?.controls?.({ signIn: (serviceUrl, token) => controller.signIn(serviceUrl.trim(), token.trim()) });
  const root = document.getElementById("root");
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <App controller={controller} />
    </StrictMode>,
  );
  // Excel drops change events in known cases (web dropdowns, drag-fill under filters): check again on focus.
  window.addEventListener("focus", () => void controller.revalidate());
  await controller.start();
}

main().catch((error: unknown) =>
  show(`helhedsplan kunne ikke starte: ${error instanceof Error ? error.message : String(error)}`),
);
