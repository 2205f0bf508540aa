import { computed, onMounted } from 'vue'
import { api } from '../api/client'
import { unwrap } from '../api/problem'
import { useLoader } from './useLoader'

/** The marketplace's categories (the sellers' list), loaded once per page, with their names by id. */
export function useMarketplaceCategories() {
  const { data, run } = useLoader(async () => unwrap(await api.GET('/api/v1/listings/categories')))
  onMounted(run)
  const names = computed(() => new Map(data.value?.map((c) => [c.id, c.name]) ?? []))
  return { categories: data, categoryName: (id: number) => names.value.get(id) ?? String(id) }
}
