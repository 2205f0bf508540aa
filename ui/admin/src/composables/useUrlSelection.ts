import { computed } from 'vue'
import { useRoute, useRouter } from 'vue-router'

/**
 * The item a page edits, named in the URL (`?{key}=id`) so a reload or a shared link opens the same one; the first
 * item when the URL names none (or one that is gone).
 */
export function useUrlSelection<T>(key: string, items: () => T[], idOf: (item: T) => string) {
  const route = useRoute()
  const router = useRouter()
  const selected = computed<T | null>(() => {
    const all = items()
    return all.find((i) => idOf(i) === route.query[key]) ?? all[0] ?? null
  })
  const select = (item: T) => void router.replace({ query: { [key]: idOf(item) } })
  return { selected, select }
}
