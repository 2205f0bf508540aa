import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '../api/client'
import { ApiError, toProblem, unwrap } from '../api/problem'
import type { components } from '../api/schema.gen'

type Me = components['schemas']['MeResponse']
type Tokens = components['schemas']['TokenResponse']

const storageKey = 'circula.admin.session'
/** Roles that may use the console; the API checks each permission again on every call. */
export const consoleRoles = ['operator', 'admin']

interface Stored {
  accessToken: string
  refreshToken: string
  expiresAt: number
}

function load(): Stored | null {
  try {
    const raw = localStorage.getItem(storageKey)
    return raw ? (JSON.parse(raw) as Stored) : null
  } catch {
    return null
  }
}

export const useAuthStore = defineStore('auth', () => {
  const session = ref<Stored | null>(load())
  const me = ref<Me | null>(null)
  let refreshing: Promise<boolean> | null = null
  let timer: ReturnType<typeof setTimeout> | undefined

  const signedIn = computed(() => session.value !== null)
  const permissions = computed(() => new Set(me.value?.permissions ?? []))
  const can = (permission: string) => permissions.value.has(permission)

  function keep(tokens: Tokens) {
    session.value = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: Date.now() + tokens.expiresIn * 1000,
    }
    localStorage.setItem(storageKey, JSON.stringify(session.value))
    schedule()
  }

  /** Refreshes a minute before the access token expires, so an idle console stays signed in. */
  function schedule() {
    clearTimeout(timer)
    if (!session.value) return
    const wait = Math.max(5_000, session.value.expiresAt - Date.now() - 60_000)
    timer = setTimeout(() => void refresh(), wait)
  }

  function clear() {
    clearTimeout(timer)
    session.value = null
    me.value = null
    localStorage.removeItem(storageKey)
  }

  /** One refresh at a time: parallel 401s wait for the same rotation (a refresh token is single-use). */
  function refresh(): Promise<boolean> {
    const current = session.value
    if (!current) return Promise.resolve(false)
    refreshing ??= (async () => {
      try {
        const result = await api.POST('/api/v1/auth/refresh', { body: { refreshToken: current.refreshToken } })
        if (!result.response.ok || !result.data) {
          clear()
          return false
        }
        keep(result.data)
        return true
      } catch {
        return false
      } finally {
        refreshing = null
      }
    })()
    return refreshing
  }

  async function loadMe(): Promise<Me> {
    me.value = unwrap(await api.GET('/api/v1/me'))
    return me.value
  }

  /** Signs in; an account without an operator or admin role is signed out again and refused. */
  async function signIn(username: string, password: string): Promise<void> {
    keep(unwrap(await api.POST('/api/v1/auth/login', { body: { username, password } })))
    const profile = await loadMe()
    if (!profile.roles.some((r) => consoleRoles.includes(r))) {
      await signOut()
      throw new ApiError(toProblem(403, { code: 'not_an_operator', title: 'Forbidden' }))
    }
  }

  async function signOut(): Promise<void> {
    const current = session.value
    clear()
    if (current) {
      await api.POST('/api/v1/auth/logout', { body: { refreshToken: current.refreshToken } }).catch(() => undefined)
    }
  }

  /** After a reload: the stored session is used if the server still accepts it. */
  async function restore(): Promise<boolean> {
    if (!session.value) return false
    schedule()
    try {
      await loadMe()
      return true
    } catch {
      clear()
      return false
    }
  }

  return { session, me, signedIn, can, signIn, signOut, refresh, restore, clear, loadMe }
})
