// The yearly overview (GET /reports?year=): approved against actual per plan, per byområde and per focus area, as
// the service sums them; the year with the newest reports first.
import type { Client, ReportsSummary } from "@helhedsplan/api";
import {
  Body1,
  Card,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Title3,
} from "@fluentui/react-components";
import { useEffect, useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { colours, districtName, focusAreaName, legendText, useCardStyles } from "./Dashboard";
import { failureText, latestReportedYear, reportYears, type OverviewData } from "./data";
import { formatKroner, shortKroner, signedKroner, signedPercent } from "./format";

interface Row {
  key: string;
  name: string;
  approvedOre: number;
  actualOre: number;
  varianceOre: number;
}

function VarianceTable(props: {
  label: string;
  first: string;
  rows: Row[];
  total?: Row;
  testId: string;
  onOpen?: (key: string) => void;
}) {
  const styles = useCardStyles();
  const cells = (row: Row) => (
    <>
      <TableCell className={styles.number}>{formatKroner(row.approvedOre)}</TableCell>
      <TableCell className={styles.number}>{formatKroner(row.actualOre)}</TableCell>
      <TableCell className={styles.number}>{signedKroner(row.varianceOre)}</TableCell>
      <TableCell className={styles.number}>{signedPercent(row.varianceOre, row.approvedOre)}</TableCell>
    </>
  );
  return (
    <div className={styles.tableWrap}>
      <Table aria-label={props.label} size="small" data-testid={props.testId} className={styles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{props.first}</TableHeaderCell>
            <TableHeaderCell className={styles.number}>Godkendt</TableHeaderCell>
            <TableHeaderCell className={styles.number}>Forbrug</TableHeaderCell>
            <TableHeaderCell className={styles.number}>Afvigelse</TableHeaderCell>
            <TableHeaderCell className={styles.number}>Afvigelse %</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.rows.map((row) => (
            <TableRow key={row.key} data-key={row.key}>
              <TableCell>
                {props.onOpen === undefined ? (
                  row.name
                ) : (
                  <Link as="button" onClick={() => props.onOpen?.(row.key)}>
                    {row.name}
                  </Link>
                )}
              </TableCell>
              {cells(row)}
            </TableRow>
          ))}
          {props.total !== undefined && (
            <TableRow data-key="total">
              <TableCell>
                <Text weight="semibold">{props.total.name}</Text>
              </TableCell>
              {cells(props.total)}
            </TableRow>
          )}
        </TableBody>
      </Table>
    </div>
  );
}

export function YearOverview(props: { client: Client; data: OverviewData; onOpenPlan: (id: string) => void }) {
  const styles = useCardStyles();
  const { client, data } = props;
  const thisYear = new Date().getFullYear();
  const years = useMemo(() => reportYears(data.plans, thisYear), [data.plans, thisYear]);
  const [year, setYear] = useState<number | null>(null);
  const [loaded, setLoaded] = useState<{ year: number; summary: ReportsSummary } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (year !== null) return;
    latestReportedYear(client, years, thisYear).then(
      (found) => setYear(found ?? thisYear),
      (failure: unknown) => setError(failureText(failure)),
    );
  }, [client, year, years, thisYear]);

  useEffect(() => {
    if (year === null) return;
    let cancelled = false;
    client.reports.summary({ year }).then(
      (answer) => {
        if (!cancelled) setLoaded({ year, summary: answer });
      },
      (failure: unknown) => {
        if (!cancelled) setError(failureText(failure));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, year]);

  if (error !== null) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>{error}</MessageBarBody>
      </MessageBar>
    );
  }
  if (year === null) return <Spinner label="Finder det nyeste år med redegørelser …" />;

  // Only the asked year's answer: while another year loads, the last one is not shown under the new heading.
  const summary = loaded?.year === year ? loaded.summary : null;
  const { reference } = data;
  const items: Row[] = (summary?.items ?? []).map((item) => ({ key: item.planId, ...item }));
  const total: Row = {
    key: "total",
    name: "I alt",
    approvedOre: items.reduce((sum, item) => sum + item.approvedOre, 0),
    actualOre: items.reduce((sum, item) => sum + item.actualOre, 0),
    varianceOre: items.reduce((sum, item) => sum + item.varianceOre, 0),
  };
  const byDistrict: Row[] = (summary?.totals.byDistrict ?? []).map((row) => ({
    key: row.districtId ?? "none",
    name: districtName(reference, row.districtId),
    ...row,
  }));
  const byFocusArea: Row[] = (summary?.totals.byFocusArea ?? []).map((row) => ({
    key: row.focusArea,
    name: focusAreaName(reference, row.focusArea),
    ...row,
  }));
  const reported = summary?.items.filter((item) => item.actualOre > 0).length ?? 0;

  return (
    <>
      <Card className={styles.card}>
        <section className={styles.section} aria-labelledby="aar">
          <Title2 as="h2" id="aar">
            Årsoverblik {year}
          </Title2>
          <Field label="År" className={styles.narrowField}>
            <Select value={String(year)} onChange={(_e, option) => setYear(Number(option.value))}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </Select>
          </Field>
          {summary === null ? (
            <Spinner label={`Henter ${year} …`} />
          ) : (
            <>
              <dl className={styles.figures}>
                <div className={styles.figure}>
                  <dt className={styles.term}>Godkendt for {year}</dt>
                  <dd style={{ margin: 0 }} data-testid="year-approved">
                    {formatKroner(total.approvedOre)}
                  </dd>
                </div>
                <div className={styles.figure}>
                  <dt className={styles.term}>Forbrug ifølge redegørelserne</dt>
                  <dd style={{ margin: 0 }} data-testid="year-actual">
                    {formatKroner(total.actualOre)}
                  </dd>
                </div>
                <div className={styles.figure}>
                  <dt className={styles.term}>Afvigelse</dt>
                  <dd style={{ margin: 0 }} data-testid="year-variance">
                    {signedKroner(total.varianceOre)} ({signedPercent(total.varianceOre, total.approvedOre)})
                  </dd>
                </div>
              </dl>
              <Body1 as="p">
                {summary.items.length} godkendte planer; {reported} har redegjort for forbruget i {year}. En plan uden
                redegørelse for året står med forbrug 0,00 kr.
              </Body1>
              <div
                className={styles.chart}
                role="img"
                aria-label={`Godkendt og forbrug pr. byområde i ${year}: ${byDistrict
                  .map(
                    (row) =>
                      `${row.name} godkendt ${formatKroner(row.approvedOre)}, forbrug ${formatKroner(row.actualOre)}`,
                  )
                  .join("; ")}.`}
              >
                <ResponsiveContainer width="100%" height={300}>
                  <BarChart
                    data={byDistrict.map((row) =>
                      row.key === "none" ? { ...row, name: "Uden for byområderne" } : row,
                    )}
                    margin={{ top: 8, right: 32, bottom: 8, left: 16 }}
                    accessibilityLayer={false}
                  >
                    <CartesianGrid vertical={false} />
                    <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
                    <YAxis tickFormatter={shortKroner} width={80} />
                    <Tooltip formatter={(value) => formatKroner(Number(value))} />
                    <Legend formatter={legendText} />
                    <Bar dataKey="approvedOre" name="Godkendt" fill={colours.approvedMoney} isAnimationActive={false} />
                    <Bar dataKey="actualOre" name="Forbrug" fill={colours.actualMoney} isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            </>
          )}
        </section>
      </Card>
      {summary !== null && (
        <>
          <Card className={styles.card}>
            <section className={styles.section} aria-labelledby="pr-plan">
              <Title3 as="h3" id="pr-plan">
                Pr. plan
              </Title3>
              <VarianceTable
                label={`Afvigelse pr. plan i ${year}`}
                first="Plan"
                rows={items}
                total={total}
                testId="variance-plans"
                onOpen={props.onOpenPlan}
              />
            </section>
          </Card>
          <Card className={styles.card}>
            <section className={styles.section} aria-labelledby="pr-omraade">
              <Title3 as="h3" id="pr-omraade">
                Pr. byområde
              </Title3>
              <VarianceTable
                label={`Afvigelse pr. byområde i ${year}`}
                first="Byområde"
                rows={byDistrict}
                testId="variance-districts"
              />
            </section>
          </Card>
          <Card className={styles.card}>
            <section className={styles.section} aria-labelledby="pr-indsats">
              <Title3 as="h3" id="pr-indsats">
                Pr. indsatsområde
              </Title3>
              <VarianceTable
                label={`Afvigelse pr. indsatsområde i ${year}`}
                first="Indsatsområde"
                rows={byFocusArea}
                testId="variance-focus-areas"
              />
            </section>
          </Card>
        </>
      )}
    </>
  );
}
