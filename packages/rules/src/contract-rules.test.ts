import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateContracts } from "./contract-rules";
import { defaultReference } from "./reference";
import { Finding, type ContractInput, type Reference } from "./schemas";

const eligibleAreas = defaultReference.focusAreas.filter((area) => area.contractEligible).map((area) => area.id);

const contract = (focusArea: string, overrides: Partial<ContractInput> = {}): ContractInput => ({
  districtId: "noerrebro",
  focusArea,
  title: `Kontrakt om ${focusArea}`,
  active: true,
  ...overrides,
});

describe("validateContracts", () => {
  it("accepts one active contract per eligible focus area in every district", () => {
    const contracts = defaultReference.districts.flatMap((district) =>
      eligibleAreas.map((area) => contract(area, { districtId: district.id })),
    );
    expect(contracts).toHaveLength(30);
    expect(validateContracts(contracts)).toEqual([]);
  });

  it("accepts an empty list", () => {
    expect(validateContracts([])).toEqual([]);
  });
});

describe("contract.district-unknown", () => {
  it("fires at [i, 'districtId'] for a district outside the reference data", () => {
    const findings = validateContracts([contract("sundhed"), contract("sundhed", { districtId: "frederiksberg" })]);
    expect(findings).toMatchObject([
      { ruleId: "contract.district-unknown", severity: "error", path: [1, "districtId"] },
    ]);
    expect(findings[0]?.message).toContain('byområdet "frederiksberg" findes ikke');
    expect(findings[0]?.message).toContain("Valby/Vigerslev (valby-vigerslev)");
  });
});

describe("contract.focus-area-not-eligible", () => {
  it("fires for a focus area that cannot carry a contract", () => {
    const findings = validateContracts([contract("image-kommunikation")]);
    expect(findings).toEqual([
      {
        ruleId: "contract.focus-area-not-eligible",
        severity: "error",
        message:
          'Kontrakt 1 ("Kontrakt om image-kommunikation"): indsatsområdet Image og kommunikation kan ikke bære en kontrakt; vælg et indsatsområde, der kan bære en kontrakt: ' +
          "Børn, unge og familie (boern-unge), Uddannelse, beskæftigelse og erhverv (uddannelse-beskaeftigelse-erhverv), Kultur og fritid (kultur-fritid), Udsatte grupper (udsatte-grupper), Sundhed (sundhed).",
        path: [0, "focusArea"],
      },
    ]);
  });

  it("fires for an unknown focus area, saying it does not exist", () => {
    const findings = validateContracts([contract("sport", { active: false })]);
    expect(findings).toMatchObject([{ ruleId: "contract.focus-area-not-eligible", path: [0, "focusArea"] }]);
    expect(findings[0]?.message).toContain('indsatsområdet "sport" findes ikke');
  });

  it("follows the reference data's eligibility", () => {
    const reference: Reference = {
      ...defaultReference,
      focusAreas: defaultReference.focusAreas.map((area) => ({
        ...area,
        contractEligible: area.id === "image-kommunikation",
      })),
    };
    expect(validateContracts([contract("image-kommunikation")], reference)).toEqual([]);
    expect(validateContracts([contract("sundhed")], reference)).toHaveLength(1);
  });
});

describe("contract.duplicate-focus-area", () => {
  it("fires on the later of two active contracts for one focus area in one district", () => {
    const findings = validateContracts([
      contract("sundhed"),
      contract("kultur-fritid"),
      contract("sundhed", { title: "Sundhed igen" }),
    ]);
    expect(findings).toMatchObject([
      { ruleId: "contract.duplicate-focus-area", severity: "error", path: [2, "focusArea"] },
    ]);
    expect(findings[0]?.message).toContain(
      'Kontrakt 3 ("Sundhed igen") er endnu en aktiv kontrakt for Sundhed i Nørrebro (kontrakt 1 er allerede aktiv)',
    );
  });

  it("is silent when one of them is inactive or they lie in different districts", () => {
    expect(validateContracts([contract("sundhed", { active: false }), contract("sundhed")])).toEqual([]);
    expect(validateContracts([contract("sundhed"), contract("sundhed", { active: false })])).toEqual([]);
    expect(validateContracts([contract("sundhed"), contract("sundhed", { districtId: "bispebjerg" })])).toEqual([]);
  });
});

describe("contract.limit", () => {
  const unlimitedAreas: Reference = {
    ...defaultReference,
    focusAreas: [
      ...defaultReference.focusAreas,
      { id: "tryghed", name: "Tryghed", contractEligible: true, aliases: [] },
    ],
  };
  const sixAreas = [...eligibleAreas, "tryghed"];

  it("is silent at five active contracts in one district", () => {
    expect(
      validateContracts(
        sixAreas.slice(0, 5).map((area) => contract(area)),
        unlimitedAreas,
      ),
    ).toEqual([]);
  });

  it("fires at [i] for each active contract past the fifth", () => {
    const contracts = [
      contract("sundhed", { active: false }),
      ...sixAreas.map((area) => contract(area)),
      contract("sundhed", { districtId: "bispebjerg" }),
    ];
    const findings = validateContracts(contracts, unlimitedAreas);
    expect(findings).toMatchObject([{ ruleId: "contract.limit", severity: "error", path: [6] }]);
    expect(findings[0]?.message).toBe(
      'Kontrakt 7 ("Kontrakt om tryghed") er aktiv kontrakt nr. 6 i Nørrebro; højst 5 aktive kontrakter pr. byområde er tilladt, så deaktivér den eller en anden.',
    );
  });

  it("counts duplicates too and reads the limit from the rule profile", () => {
    const reference: Reference = {
      ...defaultReference,
      ruleProfile: { ...defaultReference.ruleProfile, maxContractsPerDistrict: 1 },
    };
    const findings = validateContracts(
      [contract("sundhed"), contract("sundhed"), contract("kultur-fritid")],
      reference,
    );
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["contract.limit", [1]],
      ["contract.duplicate-focus-area", [1, "focusArea"]],
      ["contract.limit", [2]],
    ]);
  });
});

describe("input.shape", () => {
  it("reports a bad contract at the zod issue's path", () => {
    const findings = validateContracts([contract("sundhed"), { ...contract("sundhed"), active: "ja" }]);
    expect(findings).toMatchObject([{ ruleId: "input.shape", path: [1, "active"] }]);
    expect(findings[0]?.message).toBe("Ugyldigt input: forventede boolean, fik streng.");
  });

  it("reports a list that is not a list at []", () => {
    expect(validateContracts({ contracts: [] })).toMatchObject([{ ruleId: "input.shape", path: [] }]);
  });

  it("turns an invalid reference into findings", () => {
    expect(
      validateContracts([], { districts: "none" } as unknown as Reference).every((f) => f.ruleId === "input.shape"),
    ).toBe(true);
  });

  it("never throws on anything", () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true }),
        fc.anything(),
        (input, reference) => {
          const findings = validateContracts(input, reference as Reference);
          return Array.isArray(findings) && findings.every((f) => Finding.safeParse(f).success);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("never throws on a hostile element", () => {
    const hostile = Object.defineProperty({}, "districtId", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(validateContracts([hostile])).toMatchObject([{ ruleId: "input.shape", path: [] }]);
  });
});
