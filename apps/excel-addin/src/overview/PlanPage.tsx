// One plan's page: its header and pool money, its versions (who saved what when), the political decisions with
// their references, and its yearly reports with the variance against the approved budget.
import { planStatusNames, type Client } from "@helhedsplan/api";
import {
  Body1,
  Button,
  Caption1,
  Card,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title2,
  Title3,
} from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { districtName, focusAreaName, StatusBadge, useCardStyles } from "./Dashboard";
import { failureText, loadPlanPage, type OverviewData, type PlanPageData } from "./data";
import { danishDate, danishDay, formatKroner, signedKroner, signedPercent } from "./format";

const bodies = { committee: "Fagudvalg", council: "Borgerrepræsentationen" } as const;
const outcomes = { approved: "Godkendt", rejected: "Afvist" } as const;
const goalStatuses = { opfyldt: "opfyldt", delvist: "delvist opfyldt", ikke_opfyldt: "ikke opfyldt" } as const;

export function PlanPage(props: {
  client: Client;
  data: OverviewData;
  planId: string;
  backLabel: string;
  onBack: () => void;
}) {
  const styles = useCardStyles();
  const { client, planId, data } = props;
  const [page, setPage] = useState<PlanPageData | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    loadPlanPage(client, planId, new Date().getFullYear()).then(
      (loaded) => {
        if (!cancelled) setPage(loaded);
      },
      (failure: unknown) => {
        if (!cancelled) setError(failureText(failure));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, planId]);

  const back = (
    <div>
      <Button onClick={props.onBack}>{props.backLabel}</Button>
    </div>
  );
  if (error !== null) {
    return (
      <>
        {back}
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      </>
    );
  }
  if (page === null) return <Spinner label="Henter planen …" />;

  const { plan, versions, decisions, reports } = page;
  const { reference } = data;
  const holding = data.pools.flatMap((pool) => pool.plans).find((entry) => entry.planId === plan.id);
  const frame = (plan.budget?.expenses ?? []).reduce(
    (sum, line) => sum + Object.values(line.amountsOre).reduce((a, b) => a + b, 0),
    0,
  );
  return (
    <>
      {back}
      <Card className={styles.card}>
        <section className={styles.section} aria-labelledby="plan">
          <Title2 as="h2" id="plan">
            {plan.name}
          </Title2>
          <div>
            <StatusBadge status={plan.status} />
          </div>
          <dl className={styles.figures}>
            <div className={styles.figure}>
              <dt className={styles.term}>Byområde</dt>
              <dd style={{ margin: 0 }}>{districtName(reference, plan.districtId)}</dd>
            </div>
            <div className={styles.figure}>
              <dt className={styles.term}>Boligorganisation og afdelinger</dt>
              <dd style={{ margin: 0 }}>
                {plan.housingOrganisation}: {plan.estates.join(", ")}
              </dd>
            </div>
            <div className={styles.figure}>
              <dt className={styles.term}>Periode</dt>
              <dd style={{ margin: 0 }}>
                {plan.periodStart}–{plan.periodEnd}
              </dd>
            </div>
            <div className={styles.figure}>
              <dt className={styles.term}>Samlet ramme (seneste version)</dt>
              <dd style={{ margin: 0 }}>{formatKroner(frame)}</dd>
            </div>
            <div className={styles.figure}>
              <dt className={styles.term}>Puljemidler</dt>
              <dd style={{ margin: 0 }}>
                {holding === undefined
                  ? "Ingen (uden for puljen)"
                  : holding.committedOre > 0
                    ? `${formatKroner(holding.committedOre)} bevilget`
                    : `${formatKroner(holding.reservedOre)} reserveret`}
              </dd>
            </div>
            <div className={styles.figure}>
              <dt className={styles.term}>Godkendt version</dt>
              <dd style={{ margin: 0 }}>
                {plan.approvedVersion === null ? "Ingen endnu" : `Version ${plan.approvedVersion}`}
              </dd>
            </div>
          </dl>
        </section>
      </Card>

      <Card className={styles.card}>
        <section className={styles.section} aria-labelledby="beslutninger">
          <Title3 as="h3" id="beslutninger">
            Beslutninger
          </Title3>
          {decisions.length === 0 ? (
            <Body1 as="p">Ingen beslutninger endnu; planen er {planStatusNames[plan.status]}.</Body1>
          ) : (
            <div className={styles.tableWrap}>
              <Table aria-label="Beslutninger" size="small" className={styles.table} data-testid="decisions">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Dato</TableHeaderCell>
                    <TableHeaderCell>Organ</TableHeaderCell>
                    <TableHeaderCell>Afgørelse</TableHeaderCell>
                    <TableHeaderCell>Reference</TableHeaderCell>
                    <TableHeaderCell>Version</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {decisions.map((decision) => (
                    <TableRow key={decision.id}>
                      <TableCell>{danishDate(decision.decidedOn)}</TableCell>
                      <TableCell>{bodies[decision.body]}</TableCell>
                      <TableCell>{outcomes[decision.outcome]}</TableCell>
                      <TableCell>{decision.reference}</TableCell>
                      <TableCell>{decision.version}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </section>
      </Card>

      <Card className={styles.card}>
        <section className={styles.section} aria-labelledby="redegoerelser">
          <Title3 as="h3" id="redegoerelser">
            Årsredegørelser
          </Title3>
          {reports.length === 0 ? (
            <Body1 as="p">
              {plan.approvedVersion === null
                ? "Planen er ikke godkendt endnu; der redegøres først for en godkendt plan."
                : "Ingen redegørelser endnu."}
            </Body1>
          ) : (
            <div className={styles.tableWrap}>
              <Table aria-label="Årsredegørelser" size="small" className={styles.table} data-testid="reports">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>År</TableHeaderCell>
                    <TableHeaderCell className={styles.number}>Godkendt</TableHeaderCell>
                    <TableHeaderCell className={styles.number}>Forbrug</TableHeaderCell>
                    <TableHeaderCell className={styles.number}>Afvigelse</TableHeaderCell>
                    <TableHeaderCell>Mål</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {reports.map((report) => {
                    const { year } = report.variance;
                    const count = (status: keyof typeof goalStatuses) =>
                      report.goals.filter((goal) => goal.status === status).length;
                    return (
                      <TableRow key={report.year}>
                        <TableCell>{report.year}</TableCell>
                        <TableCell className={styles.number}>{formatKroner(year.approvedOre)}</TableCell>
                        <TableCell className={styles.number}>{formatKroner(year.actualOre)}</TableCell>
                        <TableCell className={styles.number}>
                          {signedKroner(year.varianceOre)} ({signedPercent(year.varianceOre, year.approvedOre)})
                        </TableCell>
                        <TableCell>
                          {(Object.keys(goalStatuses) as (keyof typeof goalStatuses)[])
                            .filter((status) => count(status) > 0)
                            .map((status) => `${count(status)} ${goalStatuses[status]}`)
                            .join(", ")}
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </div>
          )}
        </section>
      </Card>

      <Card className={styles.card}>
        <section className={styles.section} aria-labelledby="versioner">
          <Title3 as="h3" id="versioner">
            Versioner
          </Title3>
          <div className={styles.tableWrap}>
            <Table aria-label="Versioner" size="small" className={styles.table} data-testid="versions">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Version</TableHeaderCell>
                  <TableHeaderCell>Gemt</TableHeaderCell>
                  <TableHeaderCell>Indhold</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {versions.map((version) => (
                  <TableRow key={version.version}>
                    <TableCell>
                      {version.version}
                      {version.version === plan.approvedVersion ? " (godkendt)" : ""}
                    </TableCell>
                    <TableCell>{danishDay(version.createdAt)}</TableCell>
                    <TableCell>
                      {version.budget === null ? "Intet budget" : `${version.budget.expenses.length} udgiftslinjer`},{" "}
                      {version.goals.length} mål
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </section>
      </Card>

      {plan.goals.length > 0 && (
        <Card className={styles.card}>
          <section className={styles.section} aria-labelledby="maal">
            <Title3 as="h3" id="maal">
              Mål og succeskriterier
            </Title3>
            <ul style={{ margin: 0, paddingLeft: "1.25rem" }}>
              {plan.goals.map((goal) => (
                <li key={goal.id}>
                  <div className={styles.goal}>
                    <Body1>
                      {goal.goal} ({focusAreaName(reference, goal.focusArea)})
                    </Body1>
                    {goal.successCriteria.length > 0 && (
                      <Caption1>Succeskriterier: {goal.successCriteria.join("; ")}.</Caption1>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        </Card>
      )}
    </>
  );
}
