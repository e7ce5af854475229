// Where Office.js comes from. Microsoft requires its CDN for production add-ins; a municipality's
// network without internet access gets it from the service (/addin/office/, `HELHEDSPLAN_OFFICE_JS=local`,
// announced by the page's `?office=local`); the test host hands its strict stand-in to the frame.
// office.js loads its other files relative to its own address, so it is a script tag, never bundled.

/** Microsoft's CDN address of Office.js. */
export const officeCdn = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

interface HostGlobals {
  Office: typeof Office;
  Excel: typeof Excel;
}

/** What the pane hands the test host so it can act as a user of the pane: plain functions, the pane's own paths. */
export interface PaneControls {
  /** As typing the service's address and a token in the sign-in view and pressing *Log ind*; resolves when it is done. */
  signIn(serviceUrl: string, token: string): Promise<void>;
}

declare global {
  interface Window {
    testHostOffice?: HostGlobals;
    testHostPane?: {
      ready(): void;
      busy(work: Promise<unknown>): void;
      /** Absent in a host older than the pane. */
      controls?(controls: PaneControls): void;
    };
  }
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Office.js kunne ikke hentes fra ${src}.`));
    document.head.append(script);
  });
}

/** Whether the pane runs inside the test host's frame. */
export function inTestHost(): boolean {
  return new URLSearchParams(location.search).get("host") === "test";
}

/** Makes `Office` and `Excel` global, from wherever this page gets them. */
export async function loadOffice(): Promise<void> {
  const params = new URLSearchParams(location.search);
  if (inTestHost()) {
    const host = window.parent;
    for (let waited = 0; host.testHostOffice === undefined; waited += 10) {
      if (waited > 10_000) throw new Error("Testværten gav ikke Office.js.");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const globals = host.testHostOffice;
    Object.assign(window, { Office: globals.Office, Excel: globals.Excel });
    return;
  }
  await loadScript(params.get("office") === "local" ? "/addin/office/office.js" : officeCdn);
}
