// DOMAIN.md's reference data. It is seeded into the service and editable there: the rules
// read it from their `reference` argument and never name an id in logic.
import type { PoolSeed, Reference } from "./schemas";

const district = (id: string, name: string) => ({ id, name, forum: `Boligsocialt Forum ${name}`, aliases: [] });

/** The seeded reference data: 6 udsatte byområder, 7 focus areas (5 contract-eligible), 5 sources, 5 categories, the Budget 2012 rule profile. Example: `defaultReference.districts.length === 6`. */
export const defaultReference: Reference = {
  districts: [
    district("noerrebro", "Nørrebro"),
    district("amager-sundby", "Amager/Sundby"),
    district("bispebjerg", "Bispebjerg"),
    district("vesterbro-sydhavnen", "Vesterbro/Sydhavnen"),
    district("husum-tingbjerg", "Husum/Tingbjerg"),
    district("valby-vigerslev", "Valby/Vigerslev"),
  ],
  focusAreas: [
    // The fact sheet prints "Børn, unge og beskæftigelse"; LBF's list names "Børn, unge og familie".
    // The printed name stays an alias so workbooks typed from the fact sheet still read.
    {
      id: "boern-unge",
      name: "Børn, unge og familie",
      contractEligible: true,
      aliases: ["Børn, unge og beskæftigelse"],
    },
    {
      id: "uddannelse-beskaeftigelse-erhverv",
      name: "Uddannelse, beskæftigelse og erhverv",
      contractEligible: true,
      aliases: [],
    },
    { id: "kultur-fritid", name: "Kultur og fritid", contractEligible: true, aliases: [] },
    { id: "udsatte-grupper", name: "Udsatte grupper", contractEligible: true, aliases: [] },
    { id: "sundhed", name: "Sundhed", contractEligible: true, aliases: [] },
    {
      id: "beboernetvaerk-inddragelse-demokrati",
      name: "Beboernetværk, inddragelse og demokrati",
      contractEligible: false,
      aliases: [],
    },
    { id: "image-kommunikation", name: "Image og kommunikation", contractEligible: false, aliases: [] },
  ],
  sources: [
    { id: "lbf", name: "Landsbyggefonden" },
    { id: "kommunePulje", name: "Kommunen – puljen" },
    { id: "kommuneOevrig", name: "Kommunen – øvrige midler" },
    { id: "boligorganisation", name: "Boligorganisationen" },
    { id: "andre", name: "Andre" },
  ],
  categories: [
    { id: "loen", name: "Løn" },
    { id: "aktiviteter", name: "Aktiviteter" },
    { id: "administration", name: "Administration" },
    { id: "evaluering", name: "Evaluering" },
    { id: "oevrigt", name: "Øvrigt" },
  ],
  ruleProfile: {
    municipalCapBasisPoints: 1250,
    typicalYears: 4,
    maxContractsPerDistrict: 5,
    minLocalCofinancingBasisPoints: 0,
  },
};

/** The seeded pools: Budget 2012's 30,000,000 kr. for plans in udsatte boligområder. Example: `defaultPools[0].amountOre === 3_000_000_000`. */
export const defaultPools: PoolSeed[] = [
  { id: "budget-2012", name: "Budget 2012", budgetYear: 2012, amountOre: 3_000_000_000 },
];
