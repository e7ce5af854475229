import type { JsonColumn } from "../db/columns";

export interface DistrictTable {
  id: string;
  name: string;
  forum: string;
  aliases: JsonColumn<string[]>;
  position: number;
}

export interface FocusAreaTable {
  id: string;
  name: string;
  contract_eligible: boolean;
  aliases: JsonColumn<string[]>;
  position: number;
}

export interface SourceTable {
  id: string;
  name: string;
  position: number;
}

export interface CategoryTable {
  id: string;
  name: string;
  position: number;
}

export interface RuleProfileTable {
  id: number;
  municipal_cap_basis_points: number;
  typical_years: number;
  max_contracts_per_district: number;
  min_local_cofinancing_basis_points: number;
}
