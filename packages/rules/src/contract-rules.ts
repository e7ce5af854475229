// RULES.md's contract rules, over all contracts of the byområder involved: each contract's
// byområde and focus area, and per byområde at most one active contract per focus area and at
// most `maxContractsPerDistrict` active contracts.
import { z } from "zod";
import { finding, ruleIds, sortFindings } from "./findings";
import { readReference, type ReferenceIndex } from "./reference-index";
import { ContractInput, type Finding, type Reference } from "./schemas";
import { parseShape, unreadableInput } from "./shape";

const Contracts = z.array(ContractInput);

/** The active contracts of one byområde seen so far: how many, and the first one of each focus area. */
interface DistrictContracts {
  activeCount: number;
  firstByFocusArea: Map<string, number>;
}

const describeContract = (contract: ContractInput, index: number) => `Kontrakt ${index + 1} ("${contract.title}")`;

function checkContractIds(
  contract: ContractInput,
  index: number,
  reference: ReferenceIndex,
  findings: Finding[],
): void {
  const where = describeContract(contract, index);
  if (!reference.districtNames.has(contract.districtId)) {
    findings.push(
      finding(
        ruleIds.contractDistrictUnknown,
        `${where}: byområdet "${contract.districtId}" findes ikke; kontrakter indgås kun i de udsatte byområder: ${reference.districtChoices}.`,
        [index, "districtId"],
      ),
    );
  }
  const focusArea = reference.focusAreas.get(contract.focusArea);
  if (focusArea?.contractEligible !== true) {
    const problem =
      focusArea === undefined
        ? `indsatsområdet "${contract.focusArea}" findes ikke`
        : `indsatsområdet ${focusArea.name} kan ikke bære en kontrakt`;
    findings.push(
      finding(
        ruleIds.contractFocusAreaNotEligible,
        `${where}: ${problem}; vælg et indsatsområde, der kan bære en kontrakt: ${reference.eligibleFocusAreaChoices}.`,
        [index, "focusArea"],
      ),
    );
  }
}

function checkActiveContract(
  contract: ContractInput,
  index: number,
  reference: ReferenceIndex,
  byDistrict: Map<string, DistrictContracts>,
  findings: Finding[],
): void {
  let district = byDistrict.get(contract.districtId);
  if (district === undefined) {
    district = { activeCount: 0, firstByFocusArea: new Map() };
    byDistrict.set(contract.districtId, district);
  }
  const where = describeContract(contract, index);
  const districtName = reference.districtNames.get(contract.districtId) ?? contract.districtId;
  const focusAreaName = reference.focusAreas.get(contract.focusArea)?.name ?? contract.focusArea;

  const first = district.firstByFocusArea.get(contract.focusArea);
  if (first === undefined) {
    district.firstByFocusArea.set(contract.focusArea, index);
  } else {
    findings.push(
      finding(
        ruleIds.contractDuplicateFocusArea,
        `${where} er endnu en aktiv kontrakt for ${focusAreaName} i ${districtName} (kontrakt ${first + 1} er allerede aktiv); ` +
          `der må højst være én aktiv kontrakt pr. indsatsområde pr. byområde, så deaktivér en af dem.`,
        [index, "focusArea"],
      ),
    );
  }

  district.activeCount++;
  const limit = reference.ruleProfile.maxContractsPerDistrict;
  if (district.activeCount > limit) {
    findings.push(
      finding(
        ruleIds.contractLimit,
        `${where} er aktiv kontrakt nr. ${district.activeCount} i ${districtName}; højst ${limit} aktive kontrakter pr. byområde er tilladt, så deaktivér den eller en anden.`,
        [index],
      ),
    );
  }
}

function checkContracts(contracts: unknown, reference: unknown): Finding[] {
  const read = readReference(reference ?? undefined);
  const parsed = parseShape(Contracts, contracts);
  const referenceFindings = "findings" in read ? read.findings : [];
  if (!parsed.success) return [...referenceFindings, ...parsed.findings];
  if ("findings" in read) return referenceFindings;

  const findings: Finding[] = [];
  const byDistrict = new Map<string, DistrictContracts>();
  parsed.data.forEach((contract, index) => {
    checkContractIds(contract, index, read.index, findings);
    if (contract.active) checkActiveContract(contract, index, read.index, byDistrict, findings);
  });
  return findings;
}

/**
 * Every contract rule of RULES.md over an array of contracts; returns sorted findings and never throws.
 * Example: `validateContracts([{ districtId: "noerrebro", focusArea: "sundhed", title: "Sundhed på Nørrebro", active: true }])` → `[]`.
 */
export function validateContracts(contracts: unknown, reference?: Reference): Finding[] {
  try {
    return sortFindings(checkContracts(contracts, reference));
  } catch {
    return [unreadableInput("Kontrakterne")];
  }
}
