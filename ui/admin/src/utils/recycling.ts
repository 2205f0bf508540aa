/**
 * Pickup slots are China days and hours (UTC+8, no daylight saving) while the API speaks UTC: these turn one into the
 * other without the browser's time zone, group a day's appointments by slot and say which actions an operator has.
 */
const chinaOffsetMs = 8 * 60 * 60 * 1000

/** The China calendar day (YYYY-MM-DD) of an instant. */
export function chinaDay(at: Date | string): string {
  return new Date(new Date(at).getTime() + chinaOffsetMs).toISOString().slice(0, 10)
}

/** "09:00", China time, of an instant. */
export function chinaTime(at: string): string {
  return new Date(new Date(at).getTime() + chinaOffsetMs).toISOString().slice(11, 16)
}

/** "09:00–11:00", China time. */
export function slotLabel(slot: { start: string; end: string }): string {
  return `${chinaTime(slot.start)}–${chinaTime(slot.end)}`
}

export interface SlotGroup<T> {
  start: string
  end: string
  items: T[]
}

/** Appointments grouped by pickup slot, slots in time order, each slot's appointments in the order given. */
export function groupBySlot<T extends { slotStart: string; slotEnd: string }>(items: T[]): SlotGroup<T>[] {
  const groups = new Map<number, SlotGroup<T>>()
  for (const item of items) {
    const key = new Date(item.slotStart).getTime()
    const group = groups.get(key) ?? { start: item.slotStart, end: item.slotEnd, items: [] }
    group.items.push(item)
    groups.set(key, group)
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group)
}

/** The rows of a table of the groups' items, one group after another, and how many rows each slot cell spans (0: merged into the one above). */
export function slotRows<T extends { slotStart: string; slotEnd: string }>(items: T[]): { rows: T[]; spans: number[] } {
  const groups = groupBySlot(items)
  return {
    rows: groups.flatMap((g) => g.items),
    spans: groups.flatMap((g) => g.items.map((_, i) => (i === 0 ? g.items.length : 0))),
  }
}

/** How full a slot is, 0–100, for its colour: a slot over capacity (its area was made smaller) counts as full. */
export function fillPercent(slot: { capacity: number; booked: number }): number {
  return slot.capacity <= 0 ? 100 : Math.min(100, Math.floor((slot.booked * 100) / slot.capacity))
}

export type OperatorAction = 'confirm' | 'assign' | 'cancel'

/**
 * The buttons an appointment's allowed actions (the server's transition table for operators) give: assigning a
 * confirmed appointment and reassigning an assigned one are one "assign collector" button.
 */
export function operatorActions(allowed: readonly string[]): OperatorAction[] {
  const actions: OperatorAction[] = []
  if (allowed.includes('confirm')) actions.push('confirm')
  if (allowed.includes('assign') || allowed.includes('reassign')) actions.push('assign')
  if (allowed.includes('cancel')) actions.push('cancel')
  return actions
}

/** Every status an appointment can have, in the order it moves through them. */
export const appointmentStatuses = ['pending', 'confirmed', 'assigned', 'on_the_way', 'weighed', 'completed', 'cancelled'] as const
