// The task pane, top to bottom as the eye needs it: the plan, the municipal share against the cap,
// the frame and the pool draw, then the findings (errors first) — each a link that selects its
// cell — and the shares with *Fordel*. Plain functions come in as props; Office never does.
import {
  Badge,
  Body1,
  Body1Strong,
  Button,
  Caption1,
  Card,
  Divider,
  Dropdown,
  Field,
  FluentProvider,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Option,
  ProgressBar,
  Spinner,
  Subtitle2,
  Subtitle1,
  makeStyles,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import { roleNames, routes } from "@helhedsplan/api";
import { formatKroner, type Source } from "@helhedsplan/rules";
import { useState, useSyncExternalStore, type ReactNode } from "react";
import type { Controller, PaneState } from "../controller";
import type { PaneFinding, PaneModel } from "../pass";

const useStyles = makeStyles({
  pane: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    minWidth: "280px",
    maxWidth: "420px",
  },
  commands: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  service: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", justifyContent: "space-between" },
  figures: { display: "grid", gridTemplateColumns: "1fr auto", rowGap: tokens.spacingVerticalXS },
  amount: { textAlign: "right", fontVariantNumeric: "tabular-nums" },
  findings: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, margin: 0, padding: 0 },
  finding: { listStyleType: "none" },
  cell: { fontFamily: tokens.fontFamilyMonospace },
  clean: { color: tokens.colorPaletteGreenForeground1 },
  distribute: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  distributeRow: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end" },
  percent: { width: "7em" },
  heading: { display: "block", margin: 0 },
  sourceDropdown: { minWidth: "0", width: "100%" },
});

/** Everything the pane can ask for: plain functions from the controller. */
export interface PaneActions {
  signIn: (serviceUrl: string, token: string) => void;
  synchronise: (resolve?: "mine" | "theirs" | Record<string, "mine" | "theirs">) => void;
  submit: () => void;
  signOut: () => void;
  select: (cell: string) => void;
  newPlan: () => void;
  revalidate: () => void;
  distribute: (source: Source, percentText: string) => void;
}

function useControllerState(controller: Controller): PaneState {
  return useSyncExternalStore(
    (listener) => controller.subscribe(listener),
    () => controller.getState(),
  );
}

function CapBar({ model }: { model: PaneModel }) {
  const { municipal } = model;
  // The bar's end is twice the cap, so the cap sits in the middle and an overrun shows as a longer bar.
  const value = Math.min(1, municipal.shareBasisPoints / (2 * municipal.capBasisPoints));
  return (
    <Field
      label={`Kommunal andel af rammen: ${municipal.share} (loft ${municipal.cap})`}
      validationState={municipal.withinCap ? "success" : "error"}
      validationMessage={
        municipal.withinCap ? "Inden for loftet" : `Over loftet på ${municipal.cap}: sænk kommunens midler`
      }
    >
      <ProgressBar value={value} thickness="large" color={municipal.withinCap ? "success" : "error"} />
    </Field>
  );
}

function FindingList({ title, findings, actions }: { title: string; findings: PaneFinding[]; actions: PaneActions }) {
  const styles = useStyles();
  if (findings.length === 0) return null;
  return (
    <section aria-label={title}>
      <Subtitle2 as="h2">
        {title}{" "}
        <Badge appearance="filled" color={title.startsWith("Fejl") ? "danger" : "warning"}>
          {findings.length}
        </Badge>
      </Subtitle2>
      <ul className={styles.findings}>
        {findings.map((finding, index) => (
          <li key={`${finding.cell}-${finding.ruleId}-${index}`} className={styles.finding}>
            <Link
              as="button"
              onClick={() => actions.select(finding.cell)}
              aria-label={`${finding.cell}: ${finding.message}`}
            >
              <span className={styles.cell}>{finding.cell}</span>
            </Link>{" "}
            <Body1>{finding.message}</Body1>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Shares({ model, actions }: { model: PaneModel; actions: PaneActions }) {
  const styles = useStyles();
  const [source, setSource] = useState<Source>("kommunePulje");
  const [percent, setPercent] = useState("12,5");
  return (
    <section aria-label="Finansieringens andele">
      <Subtitle2 as="h2">Andele af rammen</Subtitle2>
      <div className={styles.figures}>
        {model.shares.map((line) => (
          <FragmentRow key={line.label} label={line.label} value={line.share === "" ? line.amount : `${line.share}`} />
        ))}
      </div>
      <div className={styles.distribute}>
        <Field label="Kilde">
          <Dropdown
            className={styles.sourceDropdown}
            value={model.sourceChoices.find((choice) => choice.id === source)?.label ?? ""}
            selectedOptions={[source]}
            onOptionSelect={(_, data) => setSource((data.optionValue as Source | undefined) ?? "kommunePulje")}
          >
            {model.sourceChoices.map((choice) => (
              <Option key={choice.id} value={choice.id}>
                {choice.label}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <div className={styles.distributeRow}>
          <Field label="Andel (%)">
            <Input
              className={styles.percent}
              value={percent}
              onChange={(_, data) => setPercent(data.value)}
              inputMode="decimal"
            />
          </Field>
          <Button appearance="secondary" onClick={() => actions.distribute(source, percent)}>
            Fordel
          </Button>
        </div>
      </div>
      <Caption1>
        Fordeler andelen på årene efter udgifterne, rundet ned til hele kroner; resten af hvert år går til
        Landsbyggefonden.
      </Caption1>
    </section>
  );
}

function FragmentRow({ label, value }: { label: string; value: string }) {
  const styles = useStyles();
  return (
    <>
      <Body1>{label}</Body1>
      <Body1Strong className={styles.amount}>{value}</Body1Strong>
    </>
  );
}

/** The service: sign in with its address and a personal token, or who is signed in and *Log ud*. */
function ServiceSection({ state, actions }: { state: PaneState; actions: PaneActions }) {
  const styles = useStyles();
  const [serviceUrl, setServiceUrl] = useState(() => window.location.origin);
  const [token, setToken] = useState("");
  const signedIn = state.signedIn;
  if (signedIn !== null) {
    const who = `${roleNames[signedIn.role]}${signedIn.housingOrganisation === null ? "" : ` for ${signedIn.housingOrganisation}`}`;
    return (
      <section aria-label="Tjenesten" className={styles.service}>
        <Body1>
          Logget ind som {who} på {signedIn.serviceUrl}
        </Body1>
        <Button size="small" onClick={actions.signOut}>
          Log ud
        </Button>
      </section>
    );
  }
  return (
    <section aria-label="Tjenesten" className={styles.distribute}>
      <Subtitle2 as="h2">Tjenesten</Subtitle2>
      <Field label="Tjenestens adresse">
        <Input value={serviceUrl} onChange={(_, data) => setServiceUrl(data.value)} type="url" />
      </Field>
      <Field label="Adgangsnøgle" hint="Gemmes kun hos dig, aldrig i projektmappen.">
        <Input value={token} onChange={(_, data) => setToken(data.value)} type="password" />
      </Field>
      {state.signInProblem === null ? null : (
        <MessageBar intent="error">
          <MessageBarBody>{state.signInProblem}</MessageBarBody>
        </MessageBar>
      )}
      <div>
        <Button appearance="secondary" onClick={() => actions.signIn(serviceUrl.trim(), token.trim())}>
          Log ind
        </Button>
      </div>
    </section>
  );
}

/** The last *Synkroniser* in words, and the conflicts to choose between (per cell or all one way). */
function SyncView({ state, actions }: { state: PaneState; actions: PaneActions }) {
  const styles = useStyles();
  const maySubmit =
    state.signedIn !== null &&
    (routes.plansSubmit.roles as readonly string[]).includes(state.signedIn.role) &&
    state.model?.plan.planId != null;
  const [choices, setChoices] = useState<Record<string, "mine" | "theirs">>({});
  if (state.signedIn === null) return null;
  const intent =
    state.sync === null
      ? "info"
      : state.sync.kind === "refused" || state.sync.kind === "partly-saved" || state.sync.kind === "pool-exhausted"
        ? "error"
        : state.sync.kind === "conflict" || state.sync.kind === "unavailable"
          ? "warning"
          : "success";
  return (
    <section aria-label="Synkronisering" className={styles.distribute}>
      <div className={styles.commands}>
        <Button appearance="primary" onClick={() => actions.synchronise()}>
          Synkroniser
        </Button>
        {maySubmit ? <Button onClick={actions.submit}>Indsend</Button> : null}
        {state.pending ? <Badge color="warning">Venter på tjenesten</Badge> : null}
      </div>
      {state.sync === null ? (
        <Caption1>Det, du gemmer i Excel, er kun i din fil: først Synkroniser sender det til tjenesten.</Caption1>
      ) : (
        <MessageBar intent={intent}>
          <MessageBarBody>{state.sync.message}</MessageBarBody>
        </MessageBar>
      )}
      {state.conflicts.length === 0 ? null : (
        <>
          <Subtitle2 as="h2">Ændret begge steder ({state.conflicts.length})</Subtitle2>
          <ul className={styles.findings}>
            {state.conflicts.map((conflict) => (
              <li key={conflict.id} className={styles.finding}>
                <Body1Strong>
                  {conflict.cell} {conflict.what}
                </Body1Strong>
                <Caption1 as="p" className={styles.heading}>
                  Før: {conflict.base} · Din: {conflict.mine} · Tjenestens: {conflict.theirs}
                </Caption1>
                <div className={styles.commands}>
                  {(["mine", "theirs"] as const).map((side) => (
                    <Button
                      key={side}
                      size="small"
                      appearance={choices[conflict.id] === side ? "primary" : "secondary"}
                      aria-pressed={choices[conflict.id] === side}
                      onClick={() => setChoices({ ...choices, [conflict.id]: side })}
                    >
                      {side === "mine" ? "Behold mine" : "Tag serverens"}
                    </Button>
                  ))}
                </div>
              </li>
            ))}
          </ul>
          <div className={styles.commands}>
            <Button onClick={() => actions.synchronise("mine")}>Behold alle mine</Button>
            <Button onClick={() => actions.synchronise("theirs")}>Tag alle serverens</Button>
            <Button
              appearance="primary"
              disabled={state.conflicts.some((conflict) => choices[conflict.id] === undefined)}
              onClick={() => actions.synchronise(choices)}
            >
              Synkroniser med mine valg
            </Button>
          </div>
        </>
      )}
    </section>
  );
}

/** "planen søger X kr. af puljens Y kr. ledige", and how old the figure is. */
function PoolLine({ state, model }: { state: PaneState; model: PaneModel }) {
  const pool = state.pool;
  if (pool === null) return null;
  const time = pool.fetchedAt.toLocaleTimeString("da-DK", { hour: "2-digit", minute: "2-digit" });
  return (
    <Body1 role="status">
      Planen søger {model.poolDraw} af puljens {formatKroner(pool.roomOre)} ledige (puljen &quot;{pool.name}&quot;,
      hentet kl. {time}).
    </Body1>
  );
}

function PlanView({ model, actions, pool }: { model: PaneModel; actions: PaneActions; pool: ReactNode }) {
  const styles = useStyles();
  const clean = model.errors.length === 0 && model.warnings.length === 0;
  return (
    <>
      <header>
        <Subtitle1 as="h1" className={styles.heading}>
          {model.plan.name === "" ? "Plan uden navn" : model.plan.name}
        </Subtitle1>
        <Caption1 as="p" className={styles.heading}>
          {[
            model.plan.period,
            model.plan.district,
            model.plan.version === null ? "ikke synkroniseret" : `version ${model.plan.version}`,
          ]
            .filter((part) => part !== "")
            .join(" · ")}
        </Caption1>
      </header>
      <CapBar model={model} />
      <div className={styles.figures}>
        <FragmentRow label="Samlet ramme (udgifter)" value={model.frame} />
        <FragmentRow label="Kommunal medfinansiering" value={model.municipal.amount} />
        <FragmentRow label="Heraf fra puljen" value={model.poolDraw} />
      </div>
      {pool}
      <Divider />
      {clean ? (
        <Body1Strong className={styles.clean} role="status">
          ✓ Ingen fejl – planen overholder reglerne.
        </Body1Strong>
      ) : (
        <>
          <FindingList title="Fejl" findings={model.errors} actions={actions} />
          <FindingList title="Advarsler" findings={model.warnings} actions={actions} />
        </>
      )}
      <Divider />
      <Shares model={model} actions={actions} />
    </>
  );
}

/** The whole pane. Example: `<App controller={controller} />`. */
export function App({ controller }: { controller: Controller }) {
  const styles = useStyles();
  const state = useControllerState(controller);
  const actions: PaneActions = {
    select: (cell) => void controller.select(cell),
    newPlan: () => void controller.newPlan(),
    revalidate: () => void controller.revalidate(),
    distribute: (source, percent) => void controller.distribute(source, percent),
    signIn: (serviceUrl, token) => void controller.signIn(serviceUrl, token),
    synchronise: (resolve) => void controller.synchronise(resolve),
    submit: () => void controller.submit(),
    signOut: () => void controller.signOut(),
  };
  const model = state.model;
  return (
    <FluentProvider theme={webLightTheme}>
      <main className={styles.pane} lang="da">
        {/* Plain buttons, not Fluent's Toolbar: its arrow-key focus trap adds hidden focusable elements that
            screen readers and axe flag, and Tab alone must reach every command. */}
        <nav aria-label="Handlinger" className={styles.commands}>
          <Button size="small" onClick={actions.revalidate}>
            Kontrollér igen
          </Button>
          {model !== null && !model.hasPlan ? (
            <Button size="small" appearance="primary" onClick={actions.newPlan}>
              Ny plan
            </Button>
          ) : null}
        </nav>
        {state.problem === null ? null : (
          <MessageBar intent="error">
            <MessageBarBody>{state.problem}</MessageBarBody>
          </MessageBar>
        )}
        {state.notice === null ? null : (
          <MessageBar intent="info">
            <MessageBarBody>{state.notice}</MessageBarBody>
          </MessageBar>
        )}
        {state.phase === "loading" || model === null ? (
          <Spinner label="Kontrollerer arbejdsbogen …" />
        ) : model.hasPlan ? (
          <PlanView model={model} actions={actions} pool={<PoolLine state={state} model={model} />} />
        ) : (
          <Card>
            <Body1Strong>Arbejdsbogen har ingen helhedsplan endnu.</Body1Strong>
            <Body1>
              <b>Ny plan</b> lægger arkene Plan, Budget og Overblik ind med tabeller, formler og lister, klar til at
              blive udfyldt.
            </Body1>
            <Button appearance="primary" onClick={actions.newPlan}>
              Ny plan
            </Button>
          </Card>
        )}
        <SyncView state={state} actions={actions} />
        <Divider />
        <ServiceSection state={state} actions={actions} />
      </main>
    </FluentProvider>
  );
}
