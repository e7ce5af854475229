// The service's page at / (start.html): the overview of every plan for approvers, LBF's officers and anyone who does
// not work in Excel, and before sign-in what helhedsplan is and where to go. Fluent UI v9, Danish.
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { OverviewApp } from "./App";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <FluentProvider theme={webLightTheme}>
        <OverviewApp />
      </FluentProvider>
    </StrictMode>,
  );
}
