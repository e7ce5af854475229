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
  Table,
  Title2,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import { roleNames, routes, statusName as statusNameOf, type Decision } from "@helhedsplan/api";
import { defaultReference, formatKroner, type Source } from "@helhedsplan/rules";
import { searchPlans } from "@helhedsplan/sync";
import { useState, useSyncExternalStore, type ReactNode } from "react";
import type { Controller, PaneState } from "../controller";
import type { PaneFinding, PaneModel, ReportModel, VarianceRow } from "../pass";

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
  planChoice: { justifyContent: "flex-start", textAlign: "left", width: "100%" },
  changed: { fontWeight: tokens.fontWeightSemibold },
  syncText: { display: "block" },
  // The pane is narrow: the columns take what their content needs, the amount never breaks, a long role name may.
  historyTable: { tableLayout: "fixed" },
  versionColumn: { width: "5em" },
  value: { whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" },
  who: { overflowWrap: "break-word" },
  views: { display: "flex", gap: tokens.spacingHorizontalS },
  // The year's variance: the figure the eye should land on.
  headline: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  headlineFigure: { fontVariantNumeric: "tabular-nums" },
  over: { color: tokens.colorPaletteRedForeground1 },
  areas: { display: "flex", flexDirection: "column", margin: 0, padding: 0 },
  area: {
    listStyleType: "none",
    display: "grid",
    gridTemplateColumns: "1fr auto",
    columnGap: tokens.spacingHorizontalS,
    paddingBlock: tokens.spacingVerticalXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  areaFigures: { gridColumn: "1 / -1", color: tokens.colorNeutralForeground2 },
  figure: { whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums", textAlign: "right" },
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
  reopen: () => void;
  openPlanList: () => void;
  closePlanList: () => void;
  fetchPlan: (planId: string) => void;
  answer: (yes: boolean) => void;
  submitReport: (resolve?: "mine") => void;
}

const districtName = (id: string) => defaultReference.districts.find((district) => district.id === id)?.name;

const dateTime = (iso: string) =>
  new Date(iso).toLocaleString("da-DK", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Copenhagen" });

const decisionText = (decision: Decision) =>
  `${decision.body === "council" ? "Borgerrepræsentationen" : "Udvalg"} ${decision.outcome === "approved" ? "godkendte" : "afviste"} ${decision.decidedOn.split("-").reverse().join("-")} (${decision.reference})`;

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
  const server = state.server;
  const mayReopen =
    server?.status === "approved" && (routes.plansReopen.roles as readonly string[]).includes(state.signedIn.role);
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
        {mayReopen ? <Button onClick={actions.reopen}>Genåbn</Button> : null}
        {state.pending ? <Badge color="warning">Venter på tjenesten</Badge> : null}
      </div>
      <Body1 role="status" className={styles.syncText}>
        {state.unsyncedCount > 0 ? <Badge color="informative">{state.unsyncedCount} ikke synkroniseret</Badge> : null}{" "}
        {state.syncText}
      </Body1>
      {server === null ? null : (
        <Caption1 as="p" className={styles.heading}>
          På tjenesten: {server.statusText}, version {server.version}
          {server.approvedVersion === null ? "" : ` (godkendt version ${server.approvedVersion})`}
          {server.decisions.length === 0 ? "." : `. ${server.decisions.map(decisionText).join("; ")}.`}
        </Caption1>
      )}
      {state.sync === null ? null : (
        <MessageBar intent={intent}>
          <MessageBarBody>{state.sync.message}</MessageBarBody>
        </MessageBar>
      )}
      {state.fromServer.length === 0 ? null : (
        <section aria-label="Taget fra tjenesten">
          <Subtitle2 as="h2">Taget fra tjenesten ({state.fromServer.length})</Subtitle2>
          <ul className={styles.findings}>
            {state.fromServer.map((cell) => (
              <li key={`${cell.cell}-${cell.what}`} className={styles.finding}>
                <span className={styles.cell}>{cell.cell}</span> <Body1>{`${cell.what}: ${cell.value}`}</Body1>
              </li>
            ))}
          </ul>
        </section>
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

/** *Hent plan*: the plans the token may see, searchable by name and byområde; choosing one lays it into the workbook. */
function PlanList({ state, actions }: { state: PaneState; actions: PaneActions }) {
  const styles = useStyles();
  const [search, setSearch] = useState("");
  const list = state.planList;
  if (list === null) return null;
  const shown = searchPlans(list.items, search, districtName);
  return (
    <section aria-label="Hent plan" className={styles.distribute}>
      <Subtitle2 as="h2">Hent plan fra tjenesten</Subtitle2>
      <Field label="Søg efter navn eller byområde">
        <Input value={search} onChange={(_, data) => setSearch(data.value)} type="search" />
      </Field>
      {list.loading ? <Spinner size="small" label="Henter planerne …" /> : null}
      {list.problem === null ? null : (
        <MessageBar intent="error">
          <MessageBarBody>{list.problem}</MessageBarBody>
        </MessageBar>
      )}
      {!list.loading && list.problem === null && shown.length === 0 ? (
        <Body1>
          {list.items.length === 0 ? "Du har ingen planer på tjenesten endnu." : "Ingen planer passer til søgningen."}
        </Body1>
      ) : null}
      <ul className={styles.findings}>
        {shown.map((plan) => (
          <li key={plan.id} className={styles.finding}>
            <Button
              appearance="subtle"
              className={styles.planChoice}
              onClick={() => actions.fetchPlan(plan.id)}
              aria-label={`Hent ${plan.name}`}
            >
              <span>
                <Body1Strong>{plan.name}</Body1Strong>
                <br />
                <Caption1>
                  {[
                    plan.districtId === null ? "" : (districtName(plan.districtId) ?? plan.districtId),
                    `${plan.periodStart}–${plan.periodEnd}`,
                    statusNameOf(plan.status),
                    `version ${plan.version}`,
                  ]
                    .filter((part) => part !== "")
                    .join(" · ")}
                </Caption1>
              </span>
            </Button>
          </li>
        ))}
      </ul>
      <div>
        <Button onClick={actions.closePlanList}>Luk</Button>
      </div>
    </section>
  );
}

/** A question before the add-in overwrites the user's sheets: the action, or *Annuller*. */
function ConfirmBar({ state, actions }: { state: PaneState; actions: PaneActions }) {
  const styles = useStyles();
  if (state.confirm === null) return null;
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <div className={styles.distribute}>
          <Body1>{state.confirm.message}</Body1>
          <div className={styles.commands}>
            <Button appearance="primary" onClick={() => actions.answer(true)}>
              {state.confirm.action}
            </Button>
            <Button onClick={() => actions.answer(false)}>Annuller</Button>
          </div>
        </div>
      </MessageBarBody>
    </MessageBar>
  );
}

/** Historik for the selected cell: its value in each version on the service, who saved it and when. */
function HistoryPanel({ state }: { state: PaneState }) {
  const styles = useStyles();
  const view = state.history;
  if (state.signedIn === null) return null;
  return (
    <section aria-label="Historik" className={styles.distribute}>
      <Subtitle2 as="h2">Historik{view === null ? "" : ` for ${view.cell}`}</Subtitle2>
      {view === null ? (
        <Caption1>Vælg en beløbs- eller stamdatacelle for at se dens værdi i hver version på tjenesten.</Caption1>
      ) : view.state === "loading" ? (
        <Spinner size="small" label="Henter historikken …" />
      ) : view.state === "message" ? (
        <Body1>{view.message}</Body1>
      ) : (
        <>
          <Body1Strong>{view.what}</Body1Strong>
          <Table size="small" className={styles.historyTable} aria-label={`Historik for ${view.cell}`}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell className={styles.versionColumn}>Version</TableHeaderCell>
                <TableHeaderCell>Værdi, gemt af og hvornår</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {view.entries
                .slice()
                .reverse()
                .map((entry) => (
                  <TableRow key={entry.version}>
                    <TableCell className={styles.versionColumn}>{entry.version}</TableCell>
                    <TableCell className={styles.who}>
                      <span className={entry.changed ? `${styles.value} ${styles.changed}` : styles.value}>
                        {entry.text}
                      </span>
                      <br />
                      <Caption1>{entry.who}</Caption1>
                      <br />
                      <Caption1>{dateTime(entry.createdAt)}</Caption1>
                    </TableCell>
                  </TableRow>
                ))}
            </TableBody>
          </Table>
        </>
      )}
    </section>
  );
}

/** "planen søger X kr. af puljens Y kr. ledige", and how old the figure is. */
function PoolLine({ state, model }: { state: PaneState; model: PaneModel }) {
  const pool = state.pool;
  if (pool === null) return null;
  const time = pool.fetchedAt.toLocaleTimeString("da-DK", {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/Copenhagen",
  });
  return (
    <Body1 role="status">
      Planen søger {model.poolDraw} af puljens {formatKroner(pool.roomOre)} ledige (puljen &quot;{pool.name}&quot;,
      hentet kl. {time}).
    </Body1>
  );
}

function PlanView({
  model,
  actions,
  pool,
  sync,
  history,
}: {
  model: PaneModel;
  actions: PaneActions;
  pool: ReactNode;
  sync: ReactNode;
  history: ReactNode;
}) {
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
      {sync}
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
      {history}
      <Divider />
      <Shares model={model} actions={actions} />
    </>
  );
}

/** "merforbrug" / "mindreforbrug" / "som godkendt", for a variance's direction. */
const directionWords: Readonly<Record<VarianceRow["direction"], string>> = {
  over: "merforbrug",
  under: "mindreforbrug",
  even: "som godkendt",
};

/** A variance in kroner with its percentage, as one phrase (`+0,01 kr. (+0,00 %)`). */
const varianceText = (row: VarianceRow) => `${row.variance}${row.percent === "" ? "" : ` (${row.percent})`}`;

/**
 * Approved against actual per focus area: on the first line the name and the variance (where the eye lands), on the
 * second the approved and actual amounts. A list, not a table: the pane is narrow, and two lines per area keep it short.
 */
function VarianceList({ report }: { report: ReportModel }) {
  const styles = useStyles();
  if (report.byFocusArea.length === 0) return null;
  return (
    <section aria-label="Afvigelse pr. indsatsområde" className={styles.distribute}>
      <Subtitle2 as="h2">Afvigelse pr. indsatsområde</Subtitle2>
      <ul className={styles.areas}>
        {report.byFocusArea.map((row) => (
          <li key={row.key} className={styles.area} data-focus-area={row.key}>
            <Body1>{row.label}</Body1>
            <Body1Strong className={row.direction === "over" ? `${styles.figure} ${styles.over}` : styles.figure}>
              {varianceText(row)}
            </Body1Strong>
            <Caption1 className={styles.areaFigures}>
              <span className={styles.figure}>Godkendt {row.approved}</span> ·{" "}
              <span className={styles.figure}>forbrug {row.actual}</span>
            </Caption1>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** *Indsend redegørelse* and its answer: for the roles the route table lets save a report, once the plan has a Plan-ID. */
function ReportSubmit({ state, report, actions }: { state: PaneState; report: ReportModel; actions: PaneActions }) {
  const styles = useStyles();
  const signedIn = state.signedIn;
  if (signedIn === null || !(routes.plansPutReport.roles as readonly string[]).includes(signedIn.role)) return null;
  if (state.model?.plan.planId == null) {
    return <Caption1>Synkroniser planen først; så kan redegørelsen indsendes.</Caption1>;
  }
  const answer = state.reportSync;
  const notApproved = state.server !== null && state.server.approvedVersion === null;
  const intent =
    answer === null
      ? "info"
      : answer.kind === "saved"
        ? "success"
        : answer.kind === "conflict" || answer.kind === "unavailable"
          ? "warning"
          : "error";
  return (
    <section aria-label="Indsend redegørelse" className={styles.distribute}>
      <div className={styles.commands}>
        <Button appearance="primary" disabledFocusable={report.report === null} onClick={() => actions.submitReport()}>
          Indsend redegørelse
        </Button>
      </div>
      {report.report === null ? (
        <Caption1>Ret de celler i regnskabet, der ikke kan læses; så kan redegørelsen indsendes.</Caption1>
      ) : notApproved ? (
        <Caption1>Planen er ikke godkendt på tjenesten endnu; der kan først redegøres for en godkendt plan.</Caption1>
      ) : null}
      {answer === null ? null : (
        <MessageBar intent={intent} layout="multiline">
          <MessageBarBody>{answer.message}</MessageBarBody>
        </MessageBar>
      )}
      {answer === null || answer.conflicts.length === 0 ? null : (
        <>
          <Subtitle2 as="h2">Afviger fra tjenestens redegørelse ({answer.conflicts.length})</Subtitle2>
          <ul className={styles.findings}>
            {answer.conflicts.map((conflict) => (
              <li key={`${conflict.cell}-${conflict.what}`} className={styles.finding}>
                <Body1Strong>
                  {conflict.cell} {conflict.what}
                </Body1Strong>
                <Caption1 as="p" className={styles.heading}>
                  Din: {conflict.mine} · Tjenestens: {conflict.theirs}
                </Caption1>
              </li>
            ))}
          </ul>
          <div className={styles.commands}>
            <Button onClick={() => actions.submitReport("mine")}>Send min redegørelse alligevel</Button>
          </div>
        </>
      )}
    </section>
  );
}

/** The *Regnskab* view: the year, the variance (the year's first, where the eye lands, then per focus area), the report's findings on their cells, and *Indsend redegørelse*. */
function ReportView({
  state,
  model,
  report,
  actions,
}: {
  state: PaneState;
  model: PaneModel;
  report: ReportModel;
  actions: PaneActions;
}) {
  const styles = useStyles();
  const clean = report.errors.length === 0 && report.warnings.length === 0;
  const total = report.total;
  const basis =
    report.approvedFrom.kind === "service"
      ? `Holdt op mod den godkendte version ${report.approvedFrom.version} på tjenesten.`
      : "Holdt op mod planen og målene, som de står i arbejdsbogen.";
  return (
    <>
      <header>
        <Subtitle1 as="h1" className={styles.heading}>
          {report.year === null ? "Regnskab" : `Regnskab ${report.year}`}
        </Subtitle1>
        <Caption1 as="p" className={styles.heading}>
          {[model.plan.name, basis].filter((part) => part !== "").join(" · ")}
        </Caption1>
      </header>
      {total === null ? (
        <Body1>Regnskabsarket kan ikke læses endnu; ret cellerne nedenfor.</Body1>
      ) : (
        <section aria-label="Årets afvigelse" className={styles.headline}>
          <Body1>Afvigelse i alt ({directionWords[total.direction]})</Body1>
          <Title2 as="p" className={`${styles.heading} ${styles.headlineFigure}`}>
            <span className={total.direction === "over" ? styles.over : undefined}>{total.variance}</span>
          </Title2>
          {total.percent === "" ? null : <Body1Strong>{total.percent} af det godkendte</Body1Strong>}
          <Caption1>
            Godkendt {total.approved} · forbrug {total.actual}
          </Caption1>
        </section>
      )}
      {clean ? (
        <Body1Strong className={styles.clean} role="status">
          ✓ Ingen fejl – redegørelsen holder sig til den godkendte plan.
        </Body1Strong>
      ) : (
        <>
          <FindingList title="Fejl i regnskabet" findings={report.errors} actions={actions} />
          <FindingList title="Advarsler i regnskabet" findings={report.warnings} actions={actions} />
        </>
      )}
      <ReportSubmit state={state} report={report} actions={actions} />
      <Divider />
      <VarianceList report={report} />
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
    reopen: () => void controller.reopen(),
    openPlanList: () => void controller.openPlanList(),
    closePlanList: () => controller.closePlanList(),
    fetchPlan: (planId) => void controller.fetchPlan(planId),
    answer: (yes) => void controller.answer(yes),
    submitReport: (resolve) => void controller.submitReport(resolve),
  };
  const model = state.model;
  // A workbook with a Regnskab sheet opens on it: the plan is approved and the year's report is the work at hand.
  const [chosenView, setView] = useState<"plan" | "report" | null>(null);
  const report = model?.report ?? null;
  const view = report === null ? "plan" : (chosenView ?? "report");
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
          {state.signedIn === null ? null : (
            <Button size="small" onClick={actions.openPlanList}>
              Hent plan
            </Button>
          )}
        </nav>
        {report === null || model === null || !model.hasPlan ? null : (
          <nav aria-label="Visning" className={styles.views}>
            {(
              [
                ["plan", "Plan og budget"],
                ["report", "Regnskab"],
              ] as const
            ).map(([id, label]) => (
              <Button
                key={id}
                appearance={view === id ? "primary" : "secondary"}
                aria-pressed={view === id}
                onClick={() => setView(id)}
              >
                {label}
              </Button>
            ))}
          </nav>
        )}
        <ConfirmBar state={state} actions={actions} />
        <PlanList state={state} actions={actions} />
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
        ) : model.hasPlan && view === "report" && report !== null ? (
          <ReportView state={state} model={model} report={report} actions={actions} />
        ) : model.hasPlan ? (
          <PlanView
            model={model}
            actions={actions}
            pool={<PoolLine state={state} model={model} />}
            sync={<SyncView state={state} actions={actions} />}
            history={<HistoryPanel state={state} />}
          />
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
        <Divider />
        <ServiceSection state={state} actions={actions} />
      </main>
    </FluentProvider>
  );
}
