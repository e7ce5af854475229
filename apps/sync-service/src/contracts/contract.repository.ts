import type { Contract } from "@helhedsplan/api";
import type { Selectable } from "kysely";
import type { Db } from "../db/database";
import { toIso } from "../db/columns";
import type { ContractRevisionTable, ContractTable } from "./contract.table";

export type ContractRow = Selectable<ContractTable>;

/** A stored contract state as the API's `Contract`; `createdAt` is when that revision was made. */
function contractOf(
  id: string,
  row: ContractRow | Selectable<ContractRevisionTable>,
  revisedAt: Date | string,
): Contract {
  return {
    id,
    districtId: row.district_id,
    focusArea: row.focus_area,
    title: row.title,
    text: row.text,
    active: row.active,
    revision: row.revision,
    createdAt: toIso(revisedAt),
  };
}

const revisionToContract = (row: Selectable<ContractRevisionTable>): Contract =>
  contractOf(row.contract_id, row, row.created_at);

/** A contract row (its current revision) as the API's `Contract`. */
export const toContract = (row: ContractRow): Contract => contractOf(row.id, row, row.revised_at);

/** The current revision of each contract (of one byområde when given), oldest contract first. */
export async function listLatestContracts(db: Db, districtId: string | undefined): Promise<Contract[]> {
  let query = db.selectFrom("contracts").selectAll().orderBy("created_at").orderBy("id");
  if (districtId !== undefined) query = query.where("district_id", "=", districtId);
  return (await query.execute()).map(toContract);
}

/** Every revision of one contract, oldest first. */
export async function listContractRevisions(db: Db, contractId: string): Promise<Contract[]> {
  const rows = await db
    .selectFrom("contract_revisions")
    .selectAll()
    .where("contract_id", "=", contractId)
    .orderBy("revision")
    .execute();
  return rows.map(revisionToContract);
}

export async function findContract(db: Db, id: string): Promise<ContractRow | undefined> {
  return db.selectFrom("contracts").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function lockContract(db: Db, id: string): Promise<ContractRow | undefined> {
  return db.selectFrom("contracts").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/** The current state of every contract of a byområde. */
export async function listDistrictContracts(db: Db, districtId: string): Promise<ContractRow[]> {
  return db
    .selectFrom("contracts")
    .selectAll()
    .where("district_id", "=", districtId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** A contract's new current state. */
export async function upsertContract(db: Db, contract: Contract & { now: Date }): Promise<void> {
  const columns = {
    title: contract.title,
    text: contract.text,
    active: contract.active,
    revision: contract.revision,
    revised_at: contract.now,
  };
  await db
    .insertInto("contracts")
    .values({
      id: contract.id,
      district_id: contract.districtId,
      focus_area: contract.focusArea,
      ...columns,
      created_at: contract.now,
    })
    .onConflict((oc) => oc.column("id").doUpdateSet(columns))
    .execute();
}

/** Keeps a revision for ever. */
export async function insertContractRevision(db: Db, contract: Contract, createdBy: string, now: Date): Promise<void> {
  await db
    .insertInto("contract_revisions")
    .values({
      contract_id: contract.id,
      revision: contract.revision,
      district_id: contract.districtId,
      focus_area: contract.focusArea,
      title: contract.title,
      text: contract.text,
      active: contract.active,
      created_at: now,
      created_by: createdBy,
    })
    .execute();
}
