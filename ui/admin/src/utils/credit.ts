import { ApiError } from '../api/problem'

/**
 * The seller credit page's logic: the rules a trail names (the API's kebab-case), the request an operator's change
 * sends, and the refusal of a reference recorded already, which concerns the reference typed.
 */

/** Every rule a trail entry can name (CreditRule), in the order docs/marketplace.md lists them. */
export const creditRules = ['completed-deal', 'shipped-on-time', 'cancelled-after-payment', 'dispute-lost', 'recycling-no-show', 'operator-adjustment'] as const

export type AdjustmentKind = 'dispute-lost' | 'adjustment'

export interface AdjustmentForm {
  kind: AdjustmentKind
  points: number | undefined
  reference: string
  reason: string
}

export const emptyAdjustment = (): AdjustmentForm => ({ kind: 'dispute-lost', points: undefined, reference: '', reason: '' })

/** The request as typed: points only for an adjustment, since a lost dispute takes the configured points (the server refuses both otherwise). */
export function adjustmentBody(form: AdjustmentForm) {
  return { kind: form.kind, points: form.kind === 'adjustment' ? (form.points ?? null) : null, reference: form.reference, reason: form.reason }
}

export const alreadyRecorded = 'credit_already_recorded'

/**
 * A reference recorded for this user already (409 credit_already_recorded) is an error of the reference field: shown
 * under it with the server's message, so the operator sees which value to change. Anything else passes unchanged.
 */
export function referenceRefusal(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.problem.status !== 409 || error.problem.code !== alreadyRecorded) return error
  const problem = error.problem
  return new ApiError({ ...problem, fieldErrors: { reference: problem.detail ?? problem.title } })
}

/** Points as a signed change: +10, −30 (a real minus sign), 0. */
export const signedPoints = (points: number) => (points > 0 ? `+${points}` : points < 0 ? `−${-points}` : '0')

/** The tag colour of a tier: gold stands out, a newcomer is plain. */
export const tierType = (tier: string) => (tier === 'gold' ? 'warning' : tier === 'good' ? 'success' : 'info')
