import { onMounted } from 'vue'
import { api } from '../api/client'
import { unwrap } from '../api/problem'
import { useLoader } from './useLoader'

/** The robot services and event types the server accepts, for the robot and webhook forms. */
export function useNotificationCatalog() {
  const { data, run } = useLoader(async () => unwrap(await api.GET('/api/v1/admin/notifications/catalog')))
  onMounted(run)
  const displayName = (provider: string) => data.value?.providers.find((p) => p.name === provider)?.displayName ?? provider
  return { data, displayName }
}
