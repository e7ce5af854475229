// The overview page's frame: before sign-in what helhedsplan is and where to go, and the sign-in; after it the
// overview (pool, plans by status, contracts), the yearly overview, and a plan's own page — plain state, no router.
import { createClient, type Client, type Me } from "@helhedsplan/api";
import {
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle1,
  Title1,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { sessionStore } from "../session";
import { Dashboard } from "./Dashboard";
import { failureText, loadOverview, type OverviewData } from "./data";
import { Intro } from "./Intro";
import { PlanPage } from "./PlanPage";
import { YearOverview } from "./YearOverview";

export const useLayout = makeStyles({
  page: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    maxWidth: "78rem",
    margin: "0 auto",
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXL}`,
    minHeight: "100vh",
    boxSizing: "border-box",
    "& h1, & h2, & h3, & p": { margin: 0 },
  },
  header: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalL,
  },
  titles: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  who: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM },
  main: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  signIn: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, maxWidth: "32rem" },
  row: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "flex-end", flexWrap: "wrap" },
  grow: { flexGrow: 1 },
  footer: { color: tokens.colorNeutralForeground3 },
});

const roleNames: Record<Me["role"], string> = {
  admin: "administrator",
  finance: "økonomi",
  housing: "boligorganisation",
  approver: "godkender",
  viewer: "læseadgang (LBF)",
};

type View = { kind: "overview" } | { kind: "reports" } | { kind: "plan"; id: string; from: "overview" | "reports" };

interface SignedIn {
  client: Client;
  me: Me;
}

const origin = () => window.location.origin;

function SignInForm({ onSignedIn }: { onSignedIn: (signedIn: SignedIn, token: string) => void }) {
  const layout = useLayout();
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed === "") {
      setError("Skriv din adgangsnøgle.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const client = createClient({ baseUrl: origin(), token: trimmed });
      onSignedIn({ client, me: await client.me() }, trimmed);
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className={layout.signIn} onSubmit={(event) => void submit(event)} aria-labelledby="log-ind">
      <Subtitle1 as="h2" id="log-ind">
        Log ind for at se overblikket
      </Subtitle1>
      <Body1 as="p">
        Overblikket viser puljen, planerne, kontrakterne om boligsocialt samarbejde og årsredegørelserne. Brug den
        adgangsnøgle, du har fået af administratoren.
      </Body1>
      <div className={layout.row}>
        <Field
          className={layout.grow}
          label="Adgangsnøgle"
          validationState={error === null ? "none" : "error"}
          validationMessage={error}
        >
          <Input type="password" value={token} onChange={(_e, data) => setToken(data.value)} autoComplete="off" />
        </Field>
        <Button appearance="primary" type="submit" disabled={busy}>
          {busy ? "Logger ind …" : "Log ind"}
        </Button>
      </div>
    </form>
  );
}

/** The page: the saved session is tried once; signing out forgets it. */
export function OverviewApp() {
  const layout = useLayout();
  const [signedIn, setSignedIn] = useState<SignedIn | null>(null);
  const [starting, setStarting] = useState(true);
  const [data, setData] = useState<OverviewData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<View>({ kind: "overview" });
  const store = sessionStore();

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const saved = await store.load();
      if (saved !== null && saved.serviceUrl === origin()) {
        const client = createClient({ baseUrl: origin(), token: saved.token });
        try {
          const me = await client.me();
          if (!cancelled) setSignedIn({ client, me });
        } catch {
          // A token the service no longer knows is forgotten; the sign-in shows.
          await store.clear();
        }
      }
      if (!cancelled) setStarting(false);
    })();
    return () => {
      cancelled = true;
    };
    // Once, at start.
  }, []);

  const load = useCallback(async (client: Client) => {
    setError(null);
    try {
      setData(await loadOverview(client));
    } catch (failure) {
      setError(failureText(failure));
    }
  }, []);

  useEffect(() => {
    if (signedIn !== null) void load(signedIn.client);
  }, [signedIn, load]);

  const onSignedIn = (next: SignedIn, token: string) => {
    void store.save({
      serviceUrl: origin(),
      token,
      role: next.me.role,
      housingOrganisation: next.me.housingOrganisation,
    });
    setSignedIn(next);
  };
  const signOut = () => {
    void store.clear();
    setSignedIn(null);
    setData(null);
    setView({ kind: "overview" });
  };
  const openPlan = (id: string) =>
    setView({ kind: "plan", id, from: view.kind === "reports" ? "reports" : "overview" });

  return (
    <div className={layout.page}>
      <header className={layout.header}>
        <div className={layout.titles}>
          <Title1 as="h1">helhedsplan – overblik</Title1>
          <Subtitle1 as="p">
            Københavns boligsociale helhedsplaner, puljen og årsredegørelserne til Landsbyggefonden.
          </Subtitle1>
        </div>
        {signedIn !== null && (
          <div className={layout.who}>
            <Caption1>
              Logget ind som {roleNames[signedIn.me.role]}
              {signedIn.me.housingOrganisation !== null ? ` (${signedIn.me.housingOrganisation})` : ""}
            </Caption1>
            <Button onClick={signOut}>Log ud</Button>
          </div>
        )}
      </header>
      <main className={layout.main}>
        {starting ? (
          <Spinner label="Henter …" />
        ) : signedIn === null ? (
          <>
            <SignInForm onSignedIn={onSignedIn} />
            <Intro />
          </>
        ) : (
          <>
            {view.kind !== "plan" && (
              <nav aria-label="Visninger" className={layout.row}>
                {(
                  [
                    ["overview", "Overblik"],
                    ["reports", "Årsoverblik"],
                  ] as const
                ).map(([kind, label]) => (
                  <Button
                    key={kind}
                    appearance={view.kind === kind ? "primary" : "secondary"}
                    aria-current={view.kind === kind ? "page" : undefined}
                    onClick={() => setView({ kind })}
                  >
                    {label}
                  </Button>
                ))}
              </nav>
            )}
            {error !== null && (
              <MessageBar intent="error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
            {data === null ? (
              error === null && <Spinner label="Henter overblikket …" />
            ) : view.kind === "overview" ? (
              <Dashboard data={data} onOpenPlan={openPlan} />
            ) : view.kind === "reports" ? (
              <YearOverview client={signedIn.client} data={data} onOpenPlan={openPlan} />
            ) : (
              <PlanPage
                client={signedIn.client}
                data={data}
                planId={view.id}
                backLabel={view.from === "reports" ? "Tilbage til årsoverblikket" : "Tilbage til overblikket"}
                onBack={() => setView({ kind: view.from })}
              />
            )}
          </>
        )}
      </main>
      <footer className={layout.footer}>
        <Caption1 as="p">Københavns Kommune · helhedsplan</Caption1>
      </footer>
    </div>
  );
}
