// The overview: the pool first (what is left, then what is committed and reserved), the plans by status per
// byområde, and the contracts matrix (byområde × contract-eligible focus area, the gaps visible).
import type { Contract, Plan, PoolDetail } from "@helhedsplan/api";
import { planStatusNames, type PlanStatus } from "@helhedsplan/api";
import {
  Badge,
  Body1,
  Caption1,
  Card,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { Reference } from "@helhedsplan/rules";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { OverviewData } from "./data";
import { formatKroner, shortKroner } from "./format";

export const useCardStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  figures: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(12rem, 1fr))",
    gap: tokens.spacingHorizontalL,
    margin: 0,
  },
  figure: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, margin: 0 },
  term: { color: tokens.colorNeutralForeground2 },
  lead: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  leadFigure: { fontSize: tokens.fontSizeHero800, lineHeight: tokens.lineHeightHero800, fontWeight: 600 },
  chart: { width: "100%" },
  number: {
    textAlign: "right",
    fontVariantNumeric: "tabular-nums",
    whiteSpace: "nowrap",
    // A header cell lays its text out in a flex box of its own.
    "& .fui-TableHeaderCell__button": { justifyContent: "flex-end" },
  },
  gap: {
    border: `1px dashed ${tokens.colorPaletteRedBorder2}`,
    color: tokens.colorPaletteRedForeground3,
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    display: "inline-block",
  },
  has: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: tokens.spacingVerticalXXS },
  tableWrap: { overflowX: "auto" },
  // Fluent's tables share the width equally (table-layout: fixed); amounts need their own width.
  table: { tableLayout: "auto" },
  narrowField: { maxWidth: "14rem" },
  goal: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
});

/** The colours of the pool's parts and the plans' statuses (chart fills). */
export const colours = {
  committed: "#0f6cbd",
  reserved: "#c19c00",
  available: "#107c10",
  approvedMoney: "#8a8886",
  actualMoney: "#0f6cbd",
};
const statusColours: Record<PlanStatus, string> = {
  draft: "#a19f9d",
  submitted: "#c19c00",
  committee_approved: "#8764b8",
  approved: "#107c10",
  closed: "#605e5c",
};
const statusOrder: PlanStatus[] = ["draft", "submitted", "committee_approved", "approved", "closed"];

/** The Danish name of a byområde; null is a plan outside the six. */
/** A chart legend's text in the page's own colour (Recharts colours it as the bar, too light to read). */
export const legendText = (value: string) => <span style={{ color: tokens.colorNeutralForeground1 }}>{value}</span>;

export function districtName(reference: Reference, id: string | null): string {
  if (id === null) return "Uden for de udsatte byområder";
  return reference.districts.find((district) => district.id === id)?.name ?? id;
}

export function focusAreaName(reference: Reference, id: string): string {
  return reference.focusAreas.find((area) => area.id === id)?.name ?? id;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function PoolCard({ pool }: { pool: PoolDetail }) {
  const styles = useCardStyles();
  const headingId = `pulje-${pool.id}`;
  const parts = [
    { key: "committedOre", name: "Bevilget", colour: colours.committed, value: pool.committedOre },
    { key: "reservedOre", name: "Reserveret", colour: colours.reserved, value: pool.reservedOre },
    { key: "availableOre", name: "Tilbage", colour: colours.available, value: Math.max(0, pool.availableOre) },
  ];
  const row: Record<string, string | number> = { name: pool.name };
  for (const part of parts) row[part.key] = part.value;
  return (
    <Card className={styles.card} data-testid={`pool-${pool.id}`}>
      <section className={styles.section} aria-labelledby={headingId}>
        <Title2 as="h2" id={headingId}>
          Puljen {pool.name}
        </Title2>
        <div className={styles.lead}>
          <Body1>Tilbage i puljen</Body1>
          <Text className={styles.leadFigure} data-testid="pool-available">
            {formatKroner(pool.availableOre)}
          </Text>
          <Caption1>
            af {formatKroner(pool.amountOre)} · {pool.plans.length} planer har puljemidler
          </Caption1>
        </div>
        <div
          className={styles.chart}
          role="img"
          aria-label={`Puljen: ${parts.map((part) => `${part.name.toLowerCase()} ${formatKroner(part.value)}`).join(", ")}.`}
        >
          <ResponsiveContainer width="100%" height={96}>
            <BarChart
              data={[row]}
              layout="vertical"
              margin={{ top: 0, right: 16, bottom: 0, left: 0 }}
              accessibilityLayer={false}
            >
              <XAxis type="number" domain={[0, pool.amountOre]} tickFormatter={shortKroner} />
              <YAxis type="category" dataKey="name" hide />
              <Legend formatter={legendText} />
              {parts.map((part) => (
                <Bar
                  key={part.key}
                  dataKey={part.key}
                  name={part.name}
                  stackId="pool"
                  fill={part.colour}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
        <dl className={styles.figures}>
          <div className={styles.figure}>
            <dt className={styles.term}>Puljens beløb</dt>
            <dd data-testid="pool-amount" style={{ margin: 0 }}>
              {formatKroner(pool.amountOre)}
            </dd>
          </div>
          <div className={styles.figure}>
            <dt className={styles.term}>Bevilget (godkendt af Borgerrepræsentationen)</dt>
            <dd data-testid="pool-committed" style={{ margin: 0 }}>
              {formatKroner(pool.committedOre)}
            </dd>
          </div>
          <div className={styles.figure}>
            <dt className={styles.term}>Reserveret (indsendt, afventer beslutning)</dt>
            <dd data-testid="pool-reserved" style={{ margin: 0 }}>
              {formatKroner(pool.reservedOre)}
            </dd>
          </div>
        </dl>
      </section>
    </Card>
  );
}

function StatusByDistrict({ data, onOpenPlan }: { data: OverviewData; onOpenPlan: (id: string) => void }) {
  const styles = useCardStyles();
  const { reference, plans, pools } = data;
  const districtIds: (string | null)[] = [...reference.districts.map((district) => district.id)];
  if (plans.some((plan) => plan.districtId === null)) districtIds.push(null);
  const rows = districtIds.map((id) => {
    const here = plans.filter((plan) => plan.districtId === id);
    return {
      name: districtName(reference, id),
      ...Object.fromEntries(
        statusOrder.map((status) => [status, here.filter((plan) => plan.status === status).length]),
      ),
    };
  });
  const present = statusOrder.filter((status) => plans.some((plan) => plan.status === status));
  const summary = rows
    .map((row) => {
      const counts = present
        .map((status) => [status, (row as unknown as Record<string, number>)[status] ?? 0] as const)
        .filter(([, count]) => count > 0)
        .map(([status, count]) => `${count} ${planStatusNames[status]}`);
      return `${row.name}: ${counts.join(", ") || "ingen"}`;
    })
    .join("; ");
  const poolMoney = new Map<string, number>();
  for (const pool of pools) {
    for (const holding of pool.plans) poolMoney.set(holding.planId, holding.committedOre + holding.reservedOre);
  }
  const sorted = [...plans].sort(
    (a, b) =>
      districtIds.indexOf(a.districtId) - districtIds.indexOf(b.districtId) || a.name.localeCompare(b.name, "da"),
  );
  return (
    <Card className={styles.card}>
      <section className={styles.section} aria-labelledby="planer">
        <Title2 as="h2" id="planer">
          Planerne efter status og byområde
        </Title2>
        <Body1 as="p">
          {plans.length} planer:{" "}
          {present
            .map((status) => `${plans.filter((p) => p.status === status).length} ${planStatusNames[status]}`)
            .join(", ")}
          .
        </Body1>
        <div className={styles.chart} role="img" aria-label={`Planer efter status: ${summary}.`}>
          <ResponsiveContainer width="100%" height={40 * rows.length + 60}>
            <BarChart
              data={rows}
              layout="vertical"
              margin={{ top: 0, right: 16, bottom: 0, left: 8 }}
              accessibilityLayer={false}
            >
              <CartesianGrid horizontal={false} />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="name" width={210} />
              <Tooltip />
              <Legend formatter={legendText} />
              {present.map((status) => (
                <Bar
                  key={status}
                  dataKey={status}
                  name={capitalised(planStatusNames[status])}
                  stackId="status"
                  fill={statusColours[status]}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
        <div className={styles.tableWrap}>
          <Table aria-label="Planerne" size="small" className={styles.table}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Plan</TableHeaderCell>
                <TableHeaderCell>Byområde</TableHeaderCell>
                <TableHeaderCell>Boligorganisation</TableHeaderCell>
                <TableHeaderCell>Periode</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell className={styles.number}>Puljemidler</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {sorted.map((plan) => (
                <PlanRow
                  key={plan.id}
                  plan={plan}
                  reference={reference}
                  poolOre={poolMoney.get(plan.id)}
                  onOpenPlan={onOpenPlan}
                />
              ))}
            </TableBody>
          </Table>
        </div>
      </section>
    </Card>
  );
}

export function StatusBadge({ status }: { status: PlanStatus }) {
  const colour = {
    draft: "informative",
    submitted: "warning",
    committee_approved: "important",
    approved: "success",
    closed: "subtle",
  } as const;
  return (
    <Badge appearance="tint" color={colour[status]}>
      {capitalised(planStatusNames[status])}
    </Badge>
  );
}

function PlanRow(props: {
  plan: Plan;
  reference: Reference;
  poolOre: number | undefined;
  onOpenPlan: (id: string) => void;
}) {
  const styles = useCardStyles();
  const { plan, reference } = props;
  return (
    <TableRow>
      <TableCell>
        <Link as="button" onClick={() => props.onOpenPlan(plan.id)}>
          {plan.name}
        </Link>
      </TableCell>
      <TableCell>{districtName(reference, plan.districtId)}</TableCell>
      <TableCell>{plan.housingOrganisation}</TableCell>
      <TableCell>
        {plan.periodStart}–{plan.periodEnd}
      </TableCell>
      <TableCell>
        <StatusBadge status={plan.status} />
      </TableCell>
      <TableCell className={styles.number}>{props.poolOre === undefined ? "–" : formatKroner(props.poolOre)}</TableCell>
    </TableRow>
  );
}

function ContractsMatrix({ reference, contracts }: { reference: Reference; contracts: Contract[] }) {
  const styles = useCardStyles();
  const eligible = reference.focusAreas.filter((area) => area.contractEligible);
  const max = reference.ruleProfile.maxContractsPerDistrict;
  const activeIn = (districtId: string) => contracts.filter((c) => c.active && c.districtId === districtId);
  return (
    <Card className={styles.card}>
      <section className={styles.section} aria-labelledby="aftaler">
        <Title2 as="h2" id="aftaler">
          Kontrakter om boligsocialt samarbejde
        </Title2>
        <Body1 as="p">
          Højst én aktiv kontrakt pr. indsatsområde og dermed højst {max} pr. byområde. Et tomt felt er et indsatsområde
          uden kontrakt.
        </Body1>
        <div className={styles.tableWrap}>
          <Table aria-label="Kontrakter pr. byområde og indsatsområde" size="small" className={styles.table}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Byområde</TableHeaderCell>
                {eligible.map((area) => (
                  <TableHeaderCell key={area.id}>{area.name}</TableHeaderCell>
                ))}
                <TableHeaderCell className={styles.number}>Aktive</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {reference.districts.map((district) => {
                const active = activeIn(district.id);
                return (
                  <TableRow key={district.id} data-testid={`contracts-${district.id}`}>
                    <TableCell>{district.name}</TableCell>
                    {eligible.map((area) => {
                      const contract = active.find((c) => c.focusArea === area.id);
                      return (
                        <TableCell key={area.id}>
                          {contract === undefined ? (
                            <span className={styles.gap}>Ingen kontrakt</span>
                          ) : (
                            <span className={styles.has}>
                              <Badge appearance="filled" color="brand">
                                Kontrakt
                              </Badge>
                              <Caption1>Revision {contract.revision}</Caption1>
                            </span>
                          )}
                        </TableCell>
                      );
                    })}
                    <TableCell className={styles.number}>
                      {active.length} af {max}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      </section>
    </Card>
  );
}

export function Dashboard({ data, onOpenPlan }: { data: OverviewData; onOpenPlan: (id: string) => void }) {
  return (
    <>
      {data.pools.length === 0 ? (
        <Body1>Der er ingen puljer endnu.</Body1>
      ) : (
        data.pools.map((pool) => <PoolCard key={pool.id} pool={pool} />)
      )}
      <StatusByDistrict data={data} onOpenPlan={onOpenPlan} />
      <ContractsMatrix reference={data.reference} contracts={data.contracts} />
    </>
  );
}
