// "Videos like this one" for both databases: the record's hash, the records sharing one of its
// bands (an index look-up per band), their exact distances, then the summaries of the nearest.
import type { SimilarRow } from "./catalog";
import { isPhash, nearest } from "./phash";
import { toSummaryRow } from "./rows";
import { candidatesArgs, candidatesSql, phashOfSql, summariesSql } from "./similar-sql";
import { type Dialect, selectSql } from "./sql";

export type Query = (sql: string, args: (string | number)[]) => Promise<Record<string, unknown>[]>;

export async function findSimilar(
  query: Query,
  dialect: Dialect,
  workflowId: string,
  maxDistance: number,
  limit: number,
): Promise<SimilarRow[] | undefined> {
  const [own] = await query(phashOfSql(dialect), [workflowId]);
  const phash = own?.phash;
  if (!isPhash(phash)) {
    // No hash: an unknown record, or one stored before posters had a hash.
    const [row] = await query(selectSql(dialect), [workflowId]);
    return row === undefined ? undefined : [];
  }
  const candidates = (await query(candidatesSql(dialect), candidatesArgs(workflowId, phash))).flatMap((r) =>
    typeof r.workflow_id === "string" && isPhash(r.phash) ? [{ workflow_id: r.workflow_id, phash: r.phash }] : [],
  );
  const found = nearest(phash, candidates, maxDistance, limit);
  if (found.length === 0) return [];
  const rows = new Map(
    (await query(summariesSql(dialect, found.length), found.map((n) => n.workflow_id)))
      .map((r) => toSummaryRow(r))
      .map((r) => [r.workflow_id, r]),
  );
  return found.flatMap((n) => {
    const row = rows.get(n.workflow_id);
    return row === undefined ? [] : [{ row, distance: n.distance }];
  });
}
