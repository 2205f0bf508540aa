import { ApiError, toProblem } from '../api/problem'

/** A GeoJSON Polygon as operators edit it (text) and see it (an SVG outline). The server checks it; here text that is not a Polygon is kept from being sent. */
export type Position = [number, number]

export interface Outline {
  /** The rings as SVG path data in a viewBox of `size` × `size`, north up. */
  path: string
  vertices: number
}

/** The polygon's rings from GeoJSON text, or null when the text is not a Polygon with numeric positions (the server says exactly why). */
export function polygonRings(text: string): Position[][] | null {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  const polygon = json as { type?: unknown; coordinates?: unknown }
  if (polygon?.type !== 'Polygon' || !Array.isArray(polygon.coordinates)) return null
  const rings = polygon.coordinates as unknown[]
  const valid = rings.every((ring) => Array.isArray(ring) && ring.every((p) => Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === 'number')))
  return valid && rings.length > 0 ? (rings as Position[][]) : null
}

/** The rings scaled into a square of `size` with a margin, keeping the aspect ratio; null when there is nothing to draw. */
export function outline(text: string, size = 200, margin = 8): Outline | null {
  const rings = polygonRings(text)
  const all = rings?.flat() ?? []
  if (!rings || all.length === 0) return null
  const xs = all.map((p) => p[0])
  const ys = all.map((p) => p[1])
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const scale = (size - 2 * margin) / Math.max(maxX - minX, maxY - minY, Number.EPSILON)
  const point = ([x, y]: Position) => `${(margin + (x - minX) * scale).toFixed(1)},${(size - margin - (y - minY) * scale).toFixed(1)}`
  const path = rings.map((ring) => `M${ring.map(point).join('L')}`).join(' ')
  return { path, vertices: all.length }
}

/** The field errors under a field ("boundary.coordinates[0]" under "boundary"), one text to show at that field. */
export function errorsUnder(errors: Record<string, string>, field: string): string | undefined {
  const texts = Object.entries(errors)
    .filter(([key]) => key === field || key.startsWith(`${field}.`) || key.startsWith(`${field}[`))
    .map(([key, text]) => (key === field ? text : `${key.slice(field.length + 1)}: ${text}`))
  return texts.length > 0 ? texts.join(' ') : undefined
}

/** Pretty GeoJSON text of a polygon the API returned. */
export function polygonText(polygon: unknown): string {
  return JSON.stringify(polygon, null, 1).replace(/\[\s+(-?[\d.]+),\s+(-?[\d.]+)\s+\]/g, '[$1, $2]')
}

/** The polygon to send, or a refusal at `field` (shown like the server's 422) when the text is not a Polygon: such text never leaves the browser. */
export function polygonOrRefusal(text: string, field: string, message: string): unknown {
  if (polygonRings(text) === null) {
    throw new ApiError(toProblem(422, { code: 'validation_failed', title: message, errors: { [field]: [message] } }))
  }
  return JSON.parse(text)
}
