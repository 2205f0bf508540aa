import { ref, type Ref } from 'vue'
import { describe } from '../api/problem'

/** Runs a load, keeping its result, whether it is running and the error to show. */
export function useLoader<T>(load: () => Promise<T>): { data: Ref<T | null>; loading: Ref<boolean>; error: Ref<string | null>; run: () => Promise<void> } {
  const data = ref<T | null>(null) as Ref<T | null>
  const loading = ref(false)
  const error = ref<string | null>(null)
  async function run() {
    loading.value = true
    error.value = null
    try {
      data.value = await load()
    } catch (e) {
      error.value = describe(e)
    } finally {
      loading.value = false
    }
  }
  return { data, loading, error, run }
}
