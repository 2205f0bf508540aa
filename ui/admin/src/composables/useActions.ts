import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { ApiError } from '../api/problem'
import { reportError } from '../api/report'

/**
 * The actions of a detail page: one runs at a time, the page reloads after it; a refusal shows the server's message
 * (or its field errors where the form has a place for them), and a 409 — someone else moved it first — reloads the
 * page too, so the operator sees where it stands now. Resolves whether the action went through.
 */
export function useActions(reload: () => Promise<void>) {
  const { t } = useI18n()
  const busy = ref(false)

  async function act(work: () => Promise<unknown>, showFieldErrors?: (errors: Record<string, string>) => void): Promise<boolean> {
    busy.value = true
    try {
      await work()
      ElMessage.success(t('common.done'))
      await reload()
      return true
    } catch (e) {
      reportError(e, showFieldErrors)
      if (e instanceof ApiError && e.problem.status === 409) await reload()
      return false
    } finally {
      busy.value = false
    }
  }

  return { busy, act }
}
