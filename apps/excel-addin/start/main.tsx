// The service's start page at / (built by Vite as start.html, served by the sync service): what helhedsplan is,
// and where to go — the test host, the manifest for Excel, the API documentation. Until the overview page
// replaces it. Fluent UI v9, Danish, one h1, landmarks, and links that say where they lead.
import {
  Body1,
  Caption1,
  Card,
  FluentProvider,
  Link,
  Subtitle1,
  Title1,
  Title3,
  makeStyles,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import { StrictMode, type ReactNode } from "react";
import { createRoot } from "react-dom/client";

const useStyles = makeStyles({
  page: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXL,
    maxWidth: "46rem",
    margin: "0 auto",
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}`,
    minHeight: "100vh",
    boxSizing: "border-box",
    // The flex gaps space the page; the elements' own margins would double them.
    "& h1, & h2, & p": { margin: 0 },
  },
  header: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  main: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  card: { padding: tokens.spacingHorizontalL },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  footer: { color: tokens.colorNeutralForeground3 },
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

function StartPage() {
  const styles = useStyles();
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <Title1 as="h1">helhedsplan</Title1>
        <Subtitle1 as="p">Budgettet til en boligsocial helhedsplan, kontrolleret mens du skriver i Excel.</Subtitle1>
      </header>
      <main className={styles.main}>
        <Section id="hvad" title="Hvad er helhedsplan?">
          <Body1 as="p">
            Københavns Kommune medfinansierer de boligsociale helhedsplaner – fireårige planer i udsatte boligområder –
            med højst 12,5 % af planens samlede ramme fra en pulje. helhedsplan kontrollerer planens budget mod hver
            regel i faktaarket, mens du skriver det i Excel, og viser fejlen på den celle, den står i, med hvad der gør
            den gyldig.
          </Body1>
          <Body1 as="p">
            Godkendte tal synkroniseres til denne tjeneste, der sørger for, at puljen aldrig overbookes, gemmer hver
            version og beslutning og kun viser hver boligorganisation dens egne planer.
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
            Upload mit tilføjelsesprogram, og vælg manifestet. Vejledningen til Excel til Windows og Mac står i
            projektets README.
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
      </main>
      <footer className={styles.footer}>
        <Caption1 as="p">Københavns Kommune · helhedsplan</Caption1>
      </footer>
    </div>
  );
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <FluentProvider theme={webLightTheme}>
        <StartPage />
      </FluentProvider>
    </StrictMode>,
  );
}
