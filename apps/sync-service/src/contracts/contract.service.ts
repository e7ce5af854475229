// Contracts on cooperation (DOMAIN.md rules 6–8). A write is checked with validateContracts
// over every contract of its byområde as they would be after the write; the byområde's row is
// locked first, so two concurrent writes cannot both pass the five-per-byområde rule.
import { randomUUID } from "node:crypto";
import { problem, type Contract, type ContractRevisionBody, type CreateContractBody } from "@helhedsplan/api";
import { validateContracts, type ContractInput, type Finding } from "@helhedsplan/rules";
import { audit } from "../audit/audit.service";
import { actorName, type Actor } from "../auth/caller";
import type { Db } from "../db/database";
import { loadReference, lockDistrict, lockFocusArea } from "../reference/reference.repository";
import {
  findContract,
  insertContractRevision,
  listDistrictContracts,
  lockContract,
  toContract,
  upsertContract,
  type ContractRow,
} from "./contract.repository";

function toInput(row: ContractRow): ContractInput {
  return {
    id: row.id,
    districtId: row.district_id,
    focusArea: row.focus_area,
    title: row.title,
    text: row.text,
    active: row.active,
  };
}

/**
 * The errors the written contract would have beside the others of its byområde, with paths
 * relative to the request body (`["focusArea"]`). It goes last, so the rules that flag "the
 * later one" or "each one past the fifth" flag it.
 */
async function writeErrors(trx: Db, written: Contract, others: readonly ContractRow[]): Promise<Finding[]> {
  const at = others.length;
  const { revision: _revision, createdAt: _createdAt, ...input } = written;
  const findings = validateContracts([...others.map(toInput), input], await loadReference(trx));
  return findings
    .filter((finding) => finding.severity === "error" && finding.path[0] === at)
    .map((finding) => ({ ...finding, path: finding.path.slice(1) }));
}

async function store(
  trx: Db,
  actor: Actor,
  contract: Contract,
  action: string,
  before: Contract | null,
): Promise<Contract> {
  await upsertContract(trx, { ...contract, now: actor.now });
  await insertContractRevision(trx, contract, actorName(actor.caller), actor.now);
  await audit(trx, actor, { action, entity: "contract", id: contract.id, before, after: contract });
  return contract;
}

/**
 * Creates a contract at revision 1; 422 with findings when it would break a contract rule.
 * Example: `await inTransaction(db, (trx) => createContract(trx, actor, body))`.
 */
export async function createContract(trx: Db, actor: Actor, body: CreateContractBody): Promise<Contract> {
  await lockDistrict(trx, body.districtId);
  // Its focus area too, so an admin cannot make it ineligible between the check and the commit.
  await lockFocusArea(trx, body.focusArea);
  const contract: Contract = {
    ...body,
    id: randomUUID(),
    text: body.text ?? "",
    revision: 1,
    createdAt: actor.now.toISOString(),
  };
  const errors = await writeErrors(trx, contract, await listDistrictContracts(trx, body.districtId));
  if (errors.length > 0) throw problem.ruleViolation(errors, "Aftalen bryder en regel for samarbejdsaftaler.");
  return store(trx, actor, contract, "contract.create", null);
}

/**
 * A new revision (title, text, active); every earlier revision is kept. The contract is found again (404) and locked
 * after its byområde and focus area; 422 when the revision would break a contract rule.
 * Example: `await inTransaction(db, (trx) => reviseContract(trx, actor, id, { active: false }))`.
 */
export async function reviseContract(
  trx: Db,
  actor: Actor,
  id: string,
  patch: ContractRevisionBody,
): Promise<Contract> {
  const found = await findContract(trx, id);
  if (found === undefined) throw problem.notFound(`Aftalen ${id} findes ikke.`);
  // The byområde, its focus area, then the contract: the same order as every contract write.
  await lockDistrict(trx, found.district_id);
  await lockFocusArea(trx, found.focus_area);
  const current = await lockContract(trx, id);
  if (current === undefined) throw problem.notFound(`Aftalen ${id} findes ikke.`);
  const before = toContract(current);
  const contract: Contract = {
    ...before,
    ...(patch.title === undefined ? {} : { title: patch.title }),
    ...(patch.text === undefined ? {} : { text: patch.text }),
    ...(patch.active === undefined ? {} : { active: patch.active }),
    revision: current.revision + 1,
    createdAt: actor.now.toISOString(),
  };
  const others = (await listDistrictContracts(trx, current.district_id)).filter((row) => row.id !== id);
  const errors = await writeErrors(trx, contract, others);
  if (errors.length > 0) throw problem.ruleViolation(errors, "Revisionen bryder en regel for samarbejdsaftaler.");
  return store(trx, actor, contract, "contract.revise", before);
}
