// Publishes every month that is due, now, for every organisation (the server also does this
// hourly): a month's figures are published once it has ended and its settling period has passed.
//   npm run publish
import { checkedDatabase, reportDatabaseFailuresPlainly } from "./command";

reportDatabaseFailuresPlainly("publish");
await checkedDatabase("publish", { readsOnly: false, needsCurrentSchema: true });
const { publishDueMonthsEverywhere } = await import("../../app/models/publication.server");
const { prisma } = await import("../../app/db.server");
try {
  const results = await publishDueMonthsEverywhere();
  if (results.length === 0) console.log("No organisations yet: nothing to publish.");
  for (const { organisation, published } of results) {
    console.log(`${organisation.name}: ${published === 0 ? "nothing new to publish" : `published ${published} month${published === 1 ? "" : "s"} of figures`}.`);
  }
} finally {
  await prisma.$disconnect();
}
