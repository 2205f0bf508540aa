import { reactive, watch } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'

/**
 * Filters and the page live in the address, so a reload or a shared link shows the same list. The form edits a copy;
 * `apply` writes it to the URL (page back to 1), and every change of the URL calls `onChange`.
 */
export function useUrlQuery<T extends Record<string, string>>(defaults: T, onChange: (filters: T, page: number) => void) {
  const route = useRoute()
  const router = useRouter()
  const form = reactive({ ...defaults }) as T

  const read = (q: LocationQuery) => {
    const values = { ...defaults } as Record<string, string>
    for (const key of Object.keys(defaults)) {
      const v = q[key]
      if (typeof v === 'string') values[key] = v
    }
    return { ...(values as T), page: Math.max(1, Number(q.page ?? 1) || 1) }
  }

  watch(
    () => route.query,
    (q) => {
      const { page, ...filters } = read(q)
      Object.assign(form, filters)
      onChange(filters as unknown as T, page)
    },
    { immediate: true },
  )

  const write = (values: Record<string, string>, page: number) => {
    const query: Record<string, string> = {}
    for (const [k, v] of Object.entries(values)) if (v !== '') query[k] = v
    if (page > 1) query.page = String(page)
    void router.push({ query })
  }

  return {
    form,
    apply: () => write({ ...form }, 1),
    reset: () => write({ ...defaults }, 1),
    goTo: (page: number) => {
      const { page: _current, ...filters } = read(route.query)
      write(filters as Record<string, string>, page)
    },
  }
}
