import createClient from 'openapi-fetch'
import type { paths } from './schema.gen'

/** What the client needs from the session: the current token, a refresh, and what to do when the session is gone. */
export interface SessionHooks {
  accessToken(): string | null
  refresh(): Promise<boolean>
  expired(): void
}

let hooks: SessionHooks = { accessToken: () => null, refresh: async () => false, expired: () => {} }

export function bindSession(h: SessionHooks): void {
  hooks = h
}

const isAuthCall = (url: string) => new URL(url).pathname.startsWith('/api/v1/auth/')

/**
 * Adds the bearer token; on a 401 refreshes the tokens once and repeats the request, so an expired access token never
 * reaches the operator. When the refresh fails too the session has ended and the sign-in page comes back.
 */
export async function authorizedFetch(request: Request): Promise<Response> {
  const retry = request.clone()
  const send = (r: Request) => {
    const token = hooks.accessToken()
    if (token && !isAuthCall(r.url)) {
      r.headers.set('Authorization', `Bearer ${token}`)
    }
    return globalThis.fetch(r)
  }
  const response = await send(request)
  if (response.status !== 401 || isAuthCall(request.url)) {
    return response
  }
  if (await hooks.refresh()) {
    const again = await send(retry)
    if (again.status !== 401) {
      return again
    }
  }
  hooks.expired()
  return response
}

export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? 'http://localhost',
  fetch: authorizedFetch,
})

/**
 * Order ids are 64-bit and travel as strings; the document types the path parameter as a number. The string is passed
 * through unchanged (openapi-fetch only stringifies it), so no digit is lost to a JavaScript number.
 */
export const longId = (id: string | number): number => id as unknown as number
