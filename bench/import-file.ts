// A spreadsheet of past records as a service would bring it (the import template's columns), made
// deterministically from a seed and cached by its parameters: staff references across the demo's
// teams, five years of exposures, partner agencies, barriers and a first contact on most rows.
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Faker, base } from "@faker-js/faker";
import { BARRIER_KEYS, CONTACT_TYPE_KEYS, INCIDENT_TYPE_KEYS, INVOLVEMENT_KEYS, OUTCOME_KEYS, PARTNER_AGENCY_KEYS } from "../app/domain/vocabulary";
import { projectRoot } from "./synthetic-organisation";

const DEMO_TEAMS = ["Response Team North", "Response Team South", "Roads Policing Unit", "Northgate Ambulance Station", "Police Contact Centre", "Crisis Resolution Team", "Street Triage Team", "Traffic Officers East"];
const HEADER = "Staff reference,Team,Exposure date,Incident type,Involvement,Partner agencies,Information reached,Barriers,Initial distress,First contact type,First contact date,First contact distress,First contact outcome";

export function importFile(rows: number, seed = 1) {
  const dir = path.join(projectRoot, ".cache", "bench");
  const file = path.join(dir, `import-${rows}-${seed}.csv`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const faker = new Faker({ locale: [base] });
  faker.seed(seed);
  const pick = <T>(items: readonly T[]) => faker.helpers.arrayElement(items);
  const staff = Math.max(1, Math.round(rows / 10));
  const first = Date.UTC(2019, 0, 1);
  const span = Date.UTC(2023, 11, 31) - first;
  const lines = [HEADER];
  const ukDate = (instant: Date) =>
    `${instant.getUTCDate()}/${instant.getUTCMonth() + 1}/${instant.getUTCFullYear()} ${String(instant.getUTCHours()).padStart(2, "0")}:${String(instant.getUTCMinutes()).padStart(2, "0")}`;
  for (let row = 0; row < rows; row += 1) {
    const person = faker.number.int({ min: 0, max: staff - 1 });
    const occurred = new Date(first + faker.number.int({ min: 0, max: span }));
    const agencies = faker.helpers.arrayElements(PARTNER_AGENCY_KEYS.filter((a) => a !== "other"), { min: 0, max: 2 });
    const reached = agencies.length > 0 ? String(faker.number.int({ min: 1, max: 5 })) : "";
    const barriers = reached && Number(reached) <= 3 ? faker.helpers.arrayElements(BARRIER_KEYS.filter((b) => b !== "other"), { min: 1, max: 2 }) : [];
    const contact = faker.number.float() < 0.8;
    const contacted = new Date(occurred.getTime() + faker.number.int({ min: 1, max: 96 }) * 3_600_000);
    lines.push(
      [
        `HIST-${String(person).padStart(6, "0")}`,
        DEMO_TEAMS[person % DEMO_TEAMS.length],
        ukDate(occurred),
        pick(INCIDENT_TYPE_KEYS),
        pick(INVOLVEMENT_KEYS),
        agencies.join("; "),
        reached,
        barriers.join("; "),
        faker.number.int({ min: 0, max: 10 }),
        contact ? pick(CONTACT_TYPE_KEYS) : "",
        contact ? ukDate(contacted) : "",
        contact ? faker.number.int({ min: 0, max: 10 }) : "",
        // Outcomes that need no further answers (a referral or signposting asks where to).
        contact ? pick(OUTCOME_KEYS.filter((o) => o === "no_further_action" || o === "follow_up_scheduled")) : "",
      ].join(","),
    );
  }
  const building = `${file}.building`;
  writeFileSync(building, `${lines.join("\n")}\n`);
  renameSync(building, file);
  return file;
}
