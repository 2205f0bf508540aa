import { reactive, ref } from 'vue'
import { useLoader } from './useLoader'
import { useUrlQuery } from './useUrlQuery'

export interface Page<T> {
  items: T[]
  total: number
}

export const pageSize = 20

/**
 * A filtered, paged list whose filters and page live in the URL: reloads whenever the address changes. Returned as
 * one reactive object so a page passes it whole to ListPage.
 */
export function usePagedList<F extends Record<string, string>, T>(defaults: F, fetchPage: (filters: F, page: number) => Promise<Page<T>>) {
  const page = ref(1)
  let filters = { ...defaults }
  const loader = useLoader(() => fetchPage(filters, page.value))
  const url = useUrlQuery(defaults, (f, p) => {
    filters = f
    page.value = p
    void loader.run()
  })
  return reactive({ ...loader, ...url, page, pageSize })
}

export type PagedList<T> = {
  form: Record<string, string>
  data: Page<T> | null
  loading: boolean
  error: string | null
  page: number
  pageSize: number
  apply(): void
  reset(): void
  goTo(page: number): void
  run(): Promise<void>
}
