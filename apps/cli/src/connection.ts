// Where the sync service is and who is asking: `--url`/`--token`, else HELHEDSPLAN_URL /
// HELHEDSPLAN_TOKEN (a flag wins). Missing or malformed → one line, exit code 2, nothing sent.
import { apiBasePath, createClient, type Client } from "@helhedsplan/api";
import { Option, type Command } from "commander";
import { CommandFailure } from "./exit-codes";

/** The connection flags as commander parses them. */
export interface ConnectionFlags {
  url?: string;
  token?: string;
}

/** The service's origin and the bearer token a command talks with. */
export interface Connection {
  /** The origin, e.g. `http://localhost:3000` (a trailing `/api/v1` given by the user is dropped). */
  baseUrl: string;
  token: string;
}

/** Adds `--url` and `--token` to a command that talks to the service. Example: `withConnectionOptions(program.command("pull"))`. */
export function withConnectionOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--url <adresse>", "synkroniseringstjenestens adresse, fx http://localhost:3000").env(
        "HELHEDSPLAN_URL",
      ),
    )
    .addOption(
      new Option(
        "--token <nøgle>",
        "adgangsnøglen (Bearer-token); hellere i HELHEDSPLAN_TOKEN end på kommandolinjen",
      ).env("HELHEDSPLAN_TOKEN"),
    );
}

function originOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CommandFailure(`--url/HELHEDSPLAN_URL "${url}" er ikke en adresse; skriv fx http://localhost:3000.`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new CommandFailure(`--url/HELHEDSPLAN_URL "${url}" skal begynde med http:// eller https://.`);
  }
  const path = parsed.pathname.replace(/\/+$/, "");
  // The client adds /api/v1 itself; people often copy the API's address instead of the origin.
  const base = path.endsWith(apiBasePath) ? path.slice(0, -apiBasePath.length) : path;
  return `${parsed.origin}${base}`;
}

/** The connection of the flags (commander has already filled them from the environment); throws `CommandFailure` when one is missing. */
export function connectionOf(flags: ConnectionFlags): Connection {
  const url = flags.url?.trim() ?? "";
  const token = flags.token?.trim() ?? "";
  const missing = [
    url === "" ? "--url (eller HELHEDSPLAN_URL)" : null,
    token === "" ? "--token (eller HELHEDSPLAN_TOKEN)" : null,
  ].filter((name): name is string => name !== null);
  if (missing.length > 0)
    throw new CommandFailure(`Angiv tjenesten og din adgangsnøgle: ${missing.join(" og ")} mangler.`);
  return { baseUrl: originOf(url), token };
}

/** The typed client of a connection. */
export function clientOf(connection: Connection): Client {
  return createClient({ baseUrl: connection.baseUrl, token: connection.token });
}
