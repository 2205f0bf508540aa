import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { api, authorizedFetch, bindSession } from '../src/api/client'
import { ApiError } from '../src/api/problem'
import { useAuthStore } from '../src/stores/auth'

/** A stand-in for the server's HTTP answers (the network, not our code): each call is recorded. */
function serve(routes: Record<string, (request: Request) => Response | Promise<Response>>) {
  const calls: string[] = []
  vi.stubGlobal('fetch', async (request: Request) => {
    const key = `${request.method} ${new URL(request.url).pathname}`
    calls.push(`${key} ${request.headers.get('Authorization') ?? ''}`.trim())
    const route = routes[key]
    return route ? route(request) : new Response(null, { status: 404 })
  })
  return calls
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
const tokens = (n: number) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900 })
const me = (roles: string[]) => ({ id: 1, displayName: 'x', roles, permissions: roles.includes('customer') ? [] : ['orders.manage'], phone: null, hasWeChat: false })

describe('auth store', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    const auth = useAuthStore()
    bindSession({ accessToken: () => auth.session?.accessToken ?? null, refresh: () => auth.refresh(), expired: () => auth.clear() })
  })

  it('signs an operator in and keeps the tokens', async () => {
    serve({ 'POST /api/v1/auth/login': () => json(tokens(1)), 'GET /api/v1/me': () => json(me(['operator'])) })
    const auth = useAuthStore()
    await auth.signIn('op', 'secret')
    expect(auth.session?.accessToken).toBe('access-1')
    expect(auth.can('orders.manage')).toBe(true)
    expect(JSON.parse(localStorage.getItem('circula.admin.session')!).refreshToken).toBe('refresh-1')
  })

  it('refuses a customer: the session is ended on the server and nothing is kept', async () => {
    const calls = serve({
      'POST /api/v1/auth/login': () => json(tokens(1)),
      'GET /api/v1/me': () => json(me(['customer'])),
      'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
    })
    const auth = useAuthStore()
    const error = await auth.signIn('demo', 'circula-demo').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).problem.code).toBe('not_an_operator')
    expect(auth.signedIn).toBe(false)
    expect(localStorage.getItem('circula.admin.session')).toBeNull()
    expect(calls).toContain('POST /api/v1/auth/logout')
  })

  it('refreshes once on a 401 and repeats the request, even for parallel requests', async () => {
    let refreshes = 0
    const calls = serve({
      'POST /api/v1/auth/login': () => json(tokens(1)),
      'POST /api/v1/auth/refresh': async (r) => {
        refreshes++
        expect(((await r.json()) as { refreshToken: string }).refreshToken).toBe('refresh-1')
        return json(tokens(2))
      },
      'GET /api/v1/me': (r) => (r.headers.get('Authorization') === 'Bearer access-2' ? json(me(['admin'])) : json({ code: 'unauthorized' }, 401)),
    })
    const auth = useAuthStore()
    auth.session = { accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: Date.now() + 1000 }
    const [a, b] = await Promise.all([api.GET('/api/v1/me'), api.GET('/api/v1/me')])
    expect(a.response.status).toBe(200)
    expect(b.response.status).toBe(200)
    expect(refreshes).toBe(1)
    expect(calls.filter((c) => c.startsWith('GET /api/v1/me Bearer access-2'))).toHaveLength(2)
  })

  it('ends the session when the refresh is refused', async () => {
    serve({
      'POST /api/v1/auth/refresh': () => json({ code: 'invalid_refresh_token' }, 401),
      'GET /api/v1/me': () => json({ code: 'unauthorized' }, 401),
    })
    const auth = useAuthStore()
    auth.session = { accessToken: 'old', refreshToken: 'gone', expiresAt: Date.now() }
    const response = await authorizedFetch(new Request('http://localhost/api/v1/me'))
    expect(response.status).toBe(401)
    expect(auth.signedIn).toBe(false)
  })
})
