// Before sign-in, what the start page always offered: what helhedsplan is, the test host, the manifest for Excel,
// the API document.
import { Body1, Caption1, Card, Link, Title3, makeStyles, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";

const useStyles = makeStyles({
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(20rem, 1fr))",
    gap: tokens.spacingHorizontalL,
  },
  card: { padding: tokens.spacingHorizontalL },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
});

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} appearance="filled-alternative">
      <section className={styles.section} aria-labelledby={id}>
        <Title3 as="h2" id={id}>
          {title}
        </Title3>
        {children}
      </section>
    </Card>
  );
}

export function Intro() {
  const styles = useStyles();
  return (
    <div className={styles.grid}>
      <Section id="hvad" title="Hvad er helhedsplan?">
        <Body1 as="p">
          Københavns Kommune medfinansierer de boligsociale helhedsplaner – fireårige planer i udsatte boligområder –
          med højst 12,5 % af planens samlede ramme fra en pulje. helhedsplan kontrollerer planens budget mod hver regel
          i faktaarket, mens boligorganisationen skriver det i Excel.
        </Body1>
        <Body1 as="p">
          Godkendte tal synkroniseres til denne tjeneste, der sørger for, at puljen aldrig overbookes, gemmer hver
          version og beslutning og samler årsredegørelserne til Landsbyggefonden. Overblikket her er for godkendere,
          Landsbyggefondens medarbejdere og alle, der ikke arbejder i Excel.
        </Body1>
      </Section>
      <Section id="proev" title="Prøv tilføjelsesprogrammet">
        <Body1 as="p">
          Testværten viser opgaveruden ved siden af et regneark i browseren – uden Excel og uden at installere noget.
        </Body1>
        <Body1>
          <Link href="/addin/test-host.html">Åbn testværten: opgaveruden med et regneark i browseren</Link>
        </Body1>
      </Section>
      <Section id="excel" title="Brug det i Excel">
        <Body1 as="p">
          Excel indlæser tilføjelsesprogrammet fra et manifest. I Excel på nettet: Indsæt › Tilføjelsesprogrammer ›
          Upload mit tilføjelsesprogram, og vælg manifestet. Vejledningen til Excel til Windows og Mac står i projektets
          README.
        </Body1>
        <Body1>
          <Link href="/addin/manifest.xml" download="helhedsplan-manifest.xml">
            Hent manifestet til Excel (manifest.xml)
          </Link>
        </Body1>
      </Section>
      <Section id="api" title="For udviklere">
        <ul className={styles.list}>
          <li>
            <Body1>
              <Link href="/api/v1/openapi.json">API-dokumentationen (OpenAPI-dokumentet, JSON)</Link>
            </Body1>
          </li>
          <li>
            <Body1>
              <Link href="/healthz">Tjenestens tilstand (healthz)</Link>
            </Body1>
          </li>
        </ul>
        <Caption1 as="p">Data i API’et kræver en adgangsnøgle: Authorization: Bearer &lt;nøgle&gt;.</Caption1>
      </Section>
    </div>
  );
}
