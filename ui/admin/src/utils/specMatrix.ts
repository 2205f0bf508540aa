export interface Spec {
  name: string
  values: string[]
}

export interface SkuRow {
  /** Set for a SKU the server already has; its stock then changes only by an adjustment with a reason. */
  id?: number
  specs: Record<string, string>
  code: string
  price: string
  stock: number
  isEnabled: boolean
}

/**
 * Every combination of the specs' values, in the order the specs are listed (2 colours × 3 sizes → 6); a product
 * without specs has one SKU with none.
 */
export function combinations(specs: Spec[]): Record<string, string>[] {
  const used = specs.filter((s) => s.name.trim() !== '' && s.values.length > 0)
  return used.reduce<Record<string, string>[]>(
    (rows, spec) => rows.flatMap((row) => spec.values.map((v) => ({ ...row, [spec.name.trim()]: v }))),
    [{}],
  )
}

export const comboKey = (specs: Record<string, string>): string =>
  Object.entries(specs)
    .map(([k, v]) => `${k}=${v}`)
    .join('|')

/**
 * The SKU rows for the current specs: a combination that already had a row keeps its code, price and stock, so
 * adding a value does not wipe what the operator typed; new combinations get the first free code after the prefix.
 */
export function skuRows(specs: Spec[], previous: SkuRow[], codePrefix: string): SkuRow[] {
  const known = new Map(previous.map((r) => [comboKey(r.specs), r]))
  const combos = combinations(specs)
  const used = new Set(combos.flatMap((c) => known.get(comboKey(c))?.code ?? []))
  let next = 1
  const freeCode = () => {
    let code: string
    do code = `${codePrefix || 'SKU'}-${String(next++).padStart(2, '0')}`
    while (used.has(code))
    used.add(code)
    return code
  }
  return combos.map((combo) => known.get(comboKey(combo)) ?? { specs: combo, code: freeCode(), price: '', stock: 0, isEnabled: true })
}
