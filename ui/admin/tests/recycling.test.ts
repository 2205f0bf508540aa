import { describe, expect, it } from 'vitest'
import { chinaDay, chinaTime, fillPercent, groupBySlot, operatorActions, slotLabel, slotRows } from '../src/utils/recycling'
import { errorsUnder, outline, polygonRings } from '../src/utils/geoJson'
import { yuan } from '../src/utils/money'

const at = (id: string, slotStart: string, slotEnd: string) => ({ id, slotStart, slotEnd })
// 09:00–11:00 and 11:00–13:00 China time on 2 May 2026 are 01:00–03:00 and 03:00–05:00 UTC.
const nine = ['2026-05-02T01:00:00Z', '2026-05-02T03:00:00Z'] as const
const eleven = ['2026-05-02T03:00:00Z', '2026-05-02T05:00:00Z'] as const

describe('China time', () => {
  it('shows UTC instants as China days and hours, whatever the browser zone', () => {
    expect(chinaTime('2026-05-02T01:00:00Z')).toBe('09:00')
    expect(chinaDay('2026-05-01T16:00:00Z')).toBe('2026-05-02')
    expect(chinaDay('2026-05-01T15:59:59Z')).toBe('2026-05-01')
    expect(slotLabel({ start: nine[0], end: nine[1] })).toBe('09:00–11:00')
  })
})

describe('slot grouping', () => {
  const day = [at('3', ...eleven), at('1', ...nine), at('4', '2026-05-02T03:00:00.000Z', eleven[1]), at('2', ...nine)]

  it('groups a day by slot, slots in time order, the same instant however it is written', () => {
    expect(groupBySlot(day).map((g) => [chinaTime(g.start), g.items.map((a) => a.id)])).toEqual([['09:00', ['1', '2']], ['11:00', ['3', '4']]])
    expect(groupBySlot([])).toEqual([])
  })

  it('gives table rows slot by slot, the first of each slot spanning the rest', () => {
    const { rows, spans } = slotRows(day)
    expect(rows.map((a) => a.id)).toEqual(['1', '2', '3', '4'])
    expect(spans).toEqual([2, 0, 2, 0])
    expect(slotRows([at('9', ...nine)]).spans).toEqual([1])
  })

  it('rates fill by integer percent, a slot over a lowered capacity as full', () => {
    expect([fillPercent({ capacity: 3, booked: 1 }), fillPercent({ capacity: 3, booked: 3 }), fillPercent({ capacity: 1, booked: 2 })]).toEqual([33, 100, 100])
  })
})

describe('operator actions', () => {
  // What the server's transition table allows operators in each status (AppointmentStateMachine).
  const allowed: Record<string, string[]> = {
    pending: ['confirm', 'cancel'], confirmed: ['assign', 'cancel'], assigned: ['reassign', 'cancel'], on_the_way: ['cancel'], weighed: ['cancel'],
    completed: [], cancelled: [],
  }

  it('offers confirm, one assign button for assigning and reassigning, and cancel, only as allowed', () => {
    expect(Object.fromEntries(Object.entries(allowed).map(([status, triggers]) => [status, operatorActions(triggers)]))).toEqual({
      pending: ['confirm', 'cancel'], confirmed: ['assign', 'cancel'], assigned: ['assign', 'cancel'], on_the_way: ['cancel'], weighed: ['cancel'],
      completed: [], cancelled: [],
    })
    expect(operatorActions(['start_trip', 'report_no_show'])).toEqual([])
  })
})

describe('money', () => {
  it('formats fen as yuan by integer division, beyond 2^53 too', () => {
    expect([yuan(0), yuan(7), yuan(9000), yuan(-150), yuan(123456789)]).toEqual(['¥0.00', '¥0.07', '¥90.00', '-¥1.50', '¥1,234,567.89'])
    expect(yuan(BigInt('900719925474099312'))).toBe('¥9,007,199,254,740,993.12')
  })
})

describe('GeoJSON polygons', () => {
  const square = JSON.stringify({ type: 'Polygon', coordinates: [[[120, 30], [120.1, 30], [120.1, 30.1], [120, 30.1], [120, 30]]] })

  it('reads rings of numeric positions and nothing else', () => {
    expect(polygonRings(square)?.[0]).toHaveLength(5)
    expect(polygonRings('{"type":"Point","coordinates":[120,30]}')).toBeNull()
    expect(polygonRings('{"type":"Polygon","coordinates":[[[120,"30"]]]}')).toBeNull()
    expect(polygonRings('not json')).toBeNull()
  })

  it('draws the rings north up inside the margin, keeping the aspect ratio', () => {
    const shape = outline(square, 200, 10)!
    expect(shape.vertices).toBe(5)
    expect(shape.path).toBe('M10.0,190.0L190.0,190.0L190.0,10.0L10.0,10.0L10.0,190.0')
    expect(outline(JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [0, 0]]] }), 200, 0)!.path).toBe('M0.0,200.0L200.0,200.0L200.0,100.0L0.0,200.0')
    expect(outline('{"type":"Polygon","coordinates":[[]]}')).toBeNull()
  })

  it('gathers the server\'s errors under a field for that field', () => {
    const errors = { 'boundary.coordinates[0]': 'must be closed.', boundaryName: 'x', name: 'required' }
    expect(errorsUnder(errors, 'boundary')).toBe('coordinates[0]: must be closed.')
    expect(errorsUnder({ boundary: 'is required.' }, 'boundary')).toBe('is required.')
    expect(errorsUnder(errors, 'area')).toBeUndefined()
  })
})
