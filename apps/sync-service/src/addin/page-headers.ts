// The security headers of the pages the service serves (the start page and everything under /addin/): helmet's,
// with a content security policy that lets Office.js load from Microsoft's CDN, Fluent's injected styles apply,
// and Office frame the task pane. The API keeps helmet's defaults (app.ts).
import type { Request } from "express";
import helmet from "helmet";

/** Microsoft's CDN of Office.js (the task pane loads it unless `HELHEDSPLAN_OFFICE_JS=local`). */
export const officeCdnOrigin = "https://appsforoffice.microsoft.com";

/**
 * Who may frame the pages: this service (the test host frames the task pane) and Excel on the web, whose frame
 * sits in pages of these Microsoft domains — every ancestor must match: Excel's own frame (officeapps.live.com),
 * and the page around it (SharePoint and OneDrive for business documents, onedrive.live.com for personal ones,
 * office.com and cloud.microsoft for the Microsoft 365 app).
 */
export const officeFrameAncestors = [
  "'self'",
  "https://*.officeapps.live.com",
  "https://onedrive.live.com",
  "https://*.office.com",
  "https://*.office365.com",
  "https://*.microsoft.com",
  "https://*.sharepoint.com",
  "https://*.cloud.microsoft",
];

/** helmet for the pages. */
export function pageHeaders() {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", officeCdnOrigin],
        "connect-src": ["'self'", officeCdnOrigin],
        // Fluent UI (griffel) and Office.js insert style elements.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "frame-ancestors": officeFrameAncestors,
        // The pages are served over http on localhost too (the test host); their addresses are all relative.
        "upgrade-insecure-requests": null,
      },
    },
    // frame-ancestors decides who may frame the task pane; X-Frame-Options: SAMEORIGIN would refuse Office.
    xFrameOptions: false,
    // Office shows the manifest's icons (/addin/assets/…) in its own pages, another origin.
    crossOriginResourcePolicy: { policy: "cross-origin" },
  });
}

/** Whether a request is for a page (the start page or anything under /addin/) rather than the API. */
export function isPageRequest(req: Pick<Request, "path">): boolean {
  return req.path === "/" || req.path === "/addin" || req.path.startsWith("/addin/");
}
