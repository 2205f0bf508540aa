/** An RFC 7807 answer of the server: a stable `code`, a message and, for 422, messages per field. */
export interface Problem {
  status: number
  code: string
  title: string
  detail?: string
  traceId?: string
  fieldErrors: Record<string, string>
}

interface ProblemBody {
  status?: number | null
  code?: string
  title?: string | null
  detail?: string | null
  traceId?: string
  errors?: Record<string, string[]>
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title)
  }
}

/** Field names arrive as the server's JSON paths ("Lines[0].Quantity", "$.name"); forms key them in camelCase. */
export function fieldKey(path: string): string {
  const trimmed = path.replace(/^\$\.?/, '')
  return trimmed.replace(/(^|[.\]])([A-Z])/g, (_, sep: string, c: string) => sep + c.toLowerCase())
}

export function toProblem(status: number, body: unknown): Problem {
  const b = (typeof body === 'object' && body !== null ? body : {}) as ProblemBody
  const fieldErrors: Record<string, string> = {}
  for (const [path, messages] of Object.entries(b.errors ?? {})) {
    fieldErrors[fieldKey(path)] = messages.join(' ')
  }
  return {
    status,
    code: b.code ?? `http_${status}`,
    title: b.title ?? `HTTP ${status}`,
    detail: b.detail ?? undefined,
    traceId: b.traceId,
    fieldErrors,
  }
}

/** The data of an openapi-fetch answer, or an ApiError carrying its ProblemDetails. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) {
    return result.data as T
  }
  throw new ApiError(toProblem(result.response.status, result.error))
}

/** Text for a message box: the server's detail, its code and the trace id to quote. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) {
    const p = error.problem
    return `${p.detail ?? p.title} (${p.code}${p.traceId ? `, trace ${p.traceId}` : ''})`
  }
  return error instanceof Error ? error.message : String(error)
}
