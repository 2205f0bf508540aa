import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { ApiError, describe } from '../api/problem'

/**
 * A preview that follows a draft as it is typed: `render` runs `delay` ms after the last change of `draft`. An answer
 * that arrives after a newer draft was sent is dropped, so the preview never shows an older draft than the last one. A
 * 422's field errors are kept apart (the form shows them next to their fields); any other failure becomes `error`.
 */
export function useLivePreview<D, R>(draft: () => D, render: (draft: D) => Promise<R>, delay = 300) {
  const result = ref<R | null>(null) as Ref<R | null>
  const fieldErrors = ref<Record<string, string>>({})
  const error = ref<string | null>(null)
  const pending = ref(false)
  let sent = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  async function refresh() {
    clearTimeout(timer)
    const mine = ++sent
    pending.value = true
    try {
      const answer = await render(draft())
      if (mine !== sent) return
      result.value = answer
      fieldErrors.value = {}
      error.value = null
    } catch (e) {
      if (mine !== sent) return
      const fields = e instanceof ApiError ? e.problem.fieldErrors : {}
      fieldErrors.value = fields
      error.value = Object.keys(fields).length > 0 ? null : describe(e)
    } finally {
      if (mine === sent) pending.value = false
    }
  }

  watch(draft, () => {
    clearTimeout(timer)
    timer = setTimeout(() => void refresh(), delay)
  }, { deep: true })
  onBeforeUnmount(() => clearTimeout(timer))

  return { result, fieldErrors, error, pending, refresh }
}
