/**
 * The minimum group size applied to breakdowns. A row (a kind of session, a month, a coach, a goal
 * status …) computed over fewer teachers than the minimum is hidden. When the total of a breakdown
 * is shown, hiding one row is not enough — the total minus the visible rows gives it back — so
 * more rows are hidden (smallest first) until the hidden rows together cover at least the minimum
 * number of distinct teachers; their combined figure is then shown as one row, since it can be
 * worked out anyway. Group sizes are distinct teachers, counted exactly (or by a lower bound that
 * can only hide more, never less).
 */

/** A breakdown row before suppression: `n` distinct teachers behind `values`. */
export interface RawRow<V> {
  key: string;
  label: string;
  n: number;
  values: V;
}

/** A row as shown: its figures, or hidden. */
export interface ShownRow<V> {
  key: string;
  label: string;
  /** Absent when hidden. */
  n?: number;
  values?: V;
  hidden: boolean;
}

/** The rows hidden to protect small groups, shown together (their union is at least the minimum). */
export interface HiddenTogether<V> {
  labels: string[];
  n: number;
  values: V;
}

export interface SuppressedBreakdown<V> {
  rows: Array<ShownRow<V>>;
  together?: HiddenTogether<V>;
}

/** How to combine hidden rows: the distinct teachers of a set of rows and the sum of their values. */
export interface Combiner<V> {
  /** Distinct teachers behind these rows together (exact, or a lower bound). */
  union(keys: string[]): Promise<number> | number;
  sum(values: V[]): V;
  /** Among rows over as many teachers, which to hide first: the smallest by this measure (e.g. hours). */
  size?(values: V): number;
}

/** True when a figure over `n` teachers may be shown. */
export function showable(n: number, min: number): boolean {
  return n >= min;
}

/**
 * Hides the rows over fewer than `min` teachers, and then, so the shown total cannot give them
 * back by subtraction, more rows until the hidden ones together cover at least `min` teachers.
 */
export async function suppressBreakdown<V>(rows: Array<RawRow<V>>, min: number, combine: Combiner<V>): Promise<SuppressedBreakdown<V>> {
  const hidden = new Set(rows.filter((r) => r.n < min).map((r) => r.key));
  let together: HiddenTogether<V> | undefined;
  while (hidden.size > 0) {
    const keys = rows.filter((r) => hidden.has(r.key)).map((r) => r.key);
    const n = await combine.union(keys);
    if (n >= min) {
      const picked = rows.filter((r) => hidden.has(r.key));
      together = { labels: picked.map((r) => r.label), n, values: combine.sum(picked.map((r) => r.values)) };
      break;
    }
    const visible = rows.filter((r) => !hidden.has(r.key)).sort((a, b) => a.n - b.n || (combine.size ? combine.size(a.values) - combine.size(b.values) : 0));
    if (!visible.length) break; // everything hidden: nothing left to protect them with
    hidden.add(visible[0].key);
  }
  return {
    rows: rows.map((r) => (hidden.has(r.key) ? { key: r.key, label: r.label, hidden: true } : { key: r.key, label: r.label, n: r.n, values: r.values, hidden: false })),
    together,
  };
}

/** Distinct members of the union of several per-row sets (for rows whose members are known). */
export function unionOfSets(sets: Map<string, Set<number>>, keys: string[]): number {
  const all = new Set<number>();
  for (const k of keys) for (const id of sets.get(k) ?? []) all.add(id);
  return all.size;
}
