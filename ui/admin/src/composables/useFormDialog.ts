import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { ApiError } from '../api/problem'
import { reportError } from '../api/report'

/**
 * An edit dialog's save: the work runs, the dialog closes and the list reloads; a refusal with field errors (the
 * server's 422, or one raised before sending) shows them next to their fields and keeps the dialog open. A 409 —
 * someone else changed it first — reloads the list too, so the operator sees where it stands now.
 */
export function useFormDialog(reload: () => Promise<void>) {
  const { t } = useI18n()
  const open = ref(false)
  const fieldErrors = ref<Record<string, string>>({})

  function show() {
    fieldErrors.value = {}
    open.value = true
  }

  async function submit(work: () => Promise<unknown>) {
    fieldErrors.value = {}
    try {
      await work()
      open.value = false
      ElMessage.success(t('common.saved'))
      await reload()
    } catch (e) {
      reportError(e, (errors) => (fieldErrors.value = errors))
      if (e instanceof ApiError && e.problem.status === 409) await reload()
    }
  }

  return { open, fieldErrors, show, submit }
}
