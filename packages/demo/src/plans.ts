// Demo plans with Danish names and realistic figures, balanced and within the 12.5 % cap.
import { parseKroner, type PlanInput } from "@helhedsplan/rules";

/** The same amount in kroner for each listed year, as øre keyed by year. */
function perYear(kroner: number, years: number[]): Record<string, number> {
  return Object.fromEntries(years.map((year) => [String(year), parseKroner(kroner)]));
}

const years = [2014, 2015, 2016, 2017];
const only = (year: number, kroner: number) => ({ ...perYear(0, years), [String(year)]: parseKroner(kroner) });

/** Mjølnerparken on Nørrebro, 2014–2017: 7.700.000 kr. over four years, 900.000 kr. (11,7 %) from the Budget 2012 pool. */
export const demoPlan: PlanInput = {
  name: "Helhedsplan for Mjølnerparken 2014–2017",
  housingOrganisation: "Bo-Vita",
  estates: ["Mjølnerparken", "Lundtoftegade"],
  districtId: "noerrebro",
  vulnerableArea: true,
  cooperation: true,
  periodStart: 2014,
  periodEnd: 2017,
  poolId: "budget-2012",
  budget: {
    expenses: [
      {
        focusArea: "boern-unge",
        category: "loen",
        activity: "Familiekoordinator",
        amountsOre: perYear(450_000, years),
      },
      { focusArea: "boern-unge", category: "aktiviteter", activity: "Lektiecafé", amountsOre: perYear(120_000, years) },
      {
        focusArea: "uddannelse-beskaeftigelse-erhverv",
        category: "loen",
        activity: "Job- og uddannelsesvejleder",
        amountsOre: perYear(420_000, years),
      },
      {
        focusArea: "kultur-fritid",
        category: "aktiviteter",
        activity: "Fritidsjob og klubtilbud",
        amountsOre: perYear(150_000, years),
      },
      {
        focusArea: "sundhed",
        category: "aktiviteter",
        activity: "Sundhedsformidlere",
        amountsOre: perYear(80_000, years),
      },
      {
        focusArea: "udsatte-grupper",
        category: "loen",
        activity: "Opsøgende medarbejder",
        amountsOre: perYear(280_000, years),
      },
      {
        focusArea: "beboernetvaerk-inddragelse-demokrati",
        category: "aktiviteter",
        activity: "Beboerkurser",
        amountsOre: perYear(60_000, years),
      },
      {
        focusArea: "beboernetvaerk-inddragelse-demokrati",
        category: "administration",
        activity: "Sekretariat og ledelse",
        amountsOre: perYear(300_000, years),
      },
      {
        focusArea: "image-kommunikation",
        category: "aktiviteter",
        activity: "Beboeravis",
        amountsOre: perYear(40_000, years),
      },
      {
        focusArea: "beboernetvaerk-inddragelse-demokrati",
        category: "evaluering",
        activity: "Midtvejsevaluering",
        amountsOre: only(2016, 100_000),
      },
    ],
    financing: [
      { source: "lbf", amountsOre: { ...perYear(1_485_000, years), "2016": parseKroner(1_585_000) } },
      { source: "kommunePulje", amountsOre: perYear(225_000, years) },
      { source: "boligorganisation", amountsOre: perYear(190_000, years) },
    ],
  },
};

/** Tingbjerg in Husum/Tingbjerg, 2014–2017: a smaller plan with pool money and other municipal money. */
export const demoPlanTingbjerg: PlanInput = {
  name: "Boligsocial helhedsplan Tingbjerg 2014–2017",
  housingOrganisation: "fsb",
  estates: ["Tingbjerg"],
  districtId: "husum-tingbjerg",
  vulnerableArea: true,
  cooperation: true,
  periodStart: 2014,
  periodEnd: 2017,
  poolId: "budget-2012",
  budget: {
    expenses: [
      {
        focusArea: "boern-unge",
        category: "loen",
        activity: "Brobygger til skole og fritid",
        amountsOre: perYear(400_000, years),
      },
      {
        focusArea: "uddannelse-beskaeftigelse-erhverv",
        category: "aktiviteter",
        activity: "Jobcafé",
        amountsOre: perYear(200_000, years),
      },
      {
        focusArea: "udsatte-grupper",
        category: "loen",
        activity: "Gadeplansmedarbejder",
        amountsOre: perYear(350_000, years),
      },
      {
        focusArea: "beboernetvaerk-inddragelse-demokrati",
        category: "administration",
        activity: "Sekretariat",
        amountsOre: perYear(250_000, years),
      },
    ],
    financing: [
      { source: "lbf", amountsOre: perYear(900_000, years) },
      { source: "kommunePulje", amountsOre: perYear(100_000, years) },
      { source: "kommuneOevrig", amountsOre: perYear(50_000, years) },
      { source: "boligorganisation", amountsOre: perYear(150_000, years) },
    ],
  },
};
