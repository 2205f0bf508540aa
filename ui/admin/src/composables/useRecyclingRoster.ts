import { computed, onMounted } from 'vue'
import { api } from '../api/client'
import { unwrap } from '../api/problem'
import { useLoader } from './useLoader'

/** The service areas and collectors, loaded once per page, with their names by id for filters and tables. */
export function useRecyclingRoster() {
  const roster = useLoader(async () => {
    const [areas, collectors] = await Promise.all([
      api.GET('/api/v1/admin/recycling/areas').then(unwrap),
      api.GET('/api/v1/admin/recycling/collectors').then(unwrap),
    ])
    return { areas, collectors }
  })
  onMounted(roster.run)
  const areaNames = computed(() => new Map(roster.data.value?.areas.map((a) => [a.id, a.name]) ?? []))
  const collectorNames = computed(() => new Map(roster.data.value?.collectors.map((c) => [c.userId, c.name]) ?? []))
  return { roster, areaNames, collectorNames }
}
