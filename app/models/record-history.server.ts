import { prisma } from "~/db.server";
import { formatDateTime } from "~/utils/time";

/** A record's edit history as the page shows it: when, who (by name), which answers. */
export async function historyOf(entityType: string, entityId: string, fieldNames: Record<string, string>, timeZone: string) {
  const revisions = await prisma.recordRevision.findMany({
    where: { entityType, entityId },
    orderBy: { changedAt: "desc" },
    select: { id: true, changes: true, changedAt: true, changedById: true },
  });
  const editors = await prisma.user.findMany({
    where: { id: { in: revisions.map((r) => r.changedById).filter((id): id is string => Boolean(id)) } },
    select: { id: true, displayName: true },
  });
  return revisions.map((r) => ({
    id: r.id,
    when: formatDateTime(r.changedAt, timeZone),
    who: editors.find((e) => e.id === r.changedById)?.displayName ?? "Someone no longer with access",
    what: Object.keys(JSON.parse(r.changes) as Record<string, unknown>).map((key) => fieldNames[key] ?? key),
  }));
}
