// The test host page (/addin/test-host.html): the strict stand-in for Excel. It lays the workbook (`?workbook=demo`,
// the default, or `?workbook=empty`), claims ExcelApi up to `?api=` (default 1.14), puts `window.testHostOffice`,
// `window.testHostPane` and `window.testHost` in place, and only then loads the real task pane into
// `<iframe id="taskpane">`, which takes its `Office` and `Excel` from here.
import "./test-host.css";
import { mountGrid } from "./grid";
import { createHost, type Host } from "./host";

const params = new URLSearchParams(location.search);
const app = document.getElementById("app");

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function mountPage(root: HTMLElement, host: Host): void {
  root.innerHTML = `
    <header class="bar">
      <h1>helhedsplan – testvært</h1>
      <output class="name-box" aria-label="Markering"></output>
      <span class="fx" aria-hidden="true">fx</span>
      <output class="formula" aria-label="Cellens indhold"></output>
      <p class="status" role="status"></p>
    </header>
    <p class="message" role="alert" hidden></p>
    <main class="workspace" aria-label="Testvært: regneark og opgaverude">
      <section class="sheet-area" aria-label="Projektmappe"></section>
      <div class="pane-slot"></div>
    </main>`;
  const nameBox = root.querySelector<HTMLOutputElement>(".name-box")!;
  const formula = root.querySelector<HTMLOutputElement>(".formula")!;
  const status = root.querySelector<HTMLParagraphElement>(".status")!;
  const message = root.querySelector<HTMLParagraphElement>(".message")!;
  const sheetArea = root.querySelector<HTMLElement>(".sheet-area")!;
  const paneSlot = root.querySelector<HTMLDivElement>(".pane-slot")!;

  mountGrid(sheetArea, host, {
    message(text) {
      message.hidden = text === null;
      message.textContent = text ?? "";
    },
    selection(address, content) {
      nameBox.value = address;
      formula.value = content;
    },
  });

  const api = `ExcelApi 1.${host.facade.apiMinor}`;
  const showStatus = () => {
    const pane = host.paneReady ? "Opgaveruden er klar" : "Opgaveruden indlæses …";
    const syncs = host.testHost.syncs;
    status.textContent = `${pane} · ${api} · ${syncs} ${syncs === 1 ? "synkronisering" : "synkroniseringer"}`;
  };
  showStatus();
  setInterval(showStatus, 400);

  // The pane comes last: the globals it takes from this page are in place before its first script runs.
  const frame = document.createElement("iframe");
  frame.id = "taskpane";
  frame.title = "Opgaverude: helhedsplan";
  frame.src = "taskpane.html?host=test";
  paneSlot.append(frame);
}

if (app) {
  try {
    const host = createHost({ workbook: params.get("workbook"), api: params.get("api"), sheet: params.get("sheet") });
    Object.assign(window, {
      testHostOffice: host.testHostOffice,
      testHostPane: host.testHostPane,
      testHost: host.testHost,
    });
    mountPage(app, host);
  } catch (error) {
    app.innerHTML = `<p class="fatal">Testværten kunne ikke starte: ${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`;
  }
}
