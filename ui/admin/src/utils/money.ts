/** Fen to "¥12.50" without floating point. */
export function yuan(fen: number | bigint | null | undefined): string {
  if (fen === null || fen === undefined) return '–'
  const n = BigInt(fen)
  const sign = n < 0n ? '-' : ''
  const abs = n < 0n ? -n : n
  const whole = (abs / 100n).toLocaleString('en-US')
  const cents = (abs % 100n).toString().padStart(2, '0')
  return `${sign}¥${whole}.${cents}`
}

/** "12.5" → 1250 fen; null when the text is not an amount with at most two decimals. */
export function parseYuan(text: string): number | null {
  const m = /^\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

export function fenToYuanText(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}
