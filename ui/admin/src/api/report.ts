import { ElMessage } from 'element-plus'
import { ApiError, describe } from './problem'

/**
 * Shows a failed request: a 422's field errors go to the form (next to their fields) when it has a place for them;
 * anything else becomes a message with the server's detail, code and trace id.
 */
export function reportError(error: unknown, showFieldErrors?: (errors: Record<string, string>) => void): void {
  if (error === 'cancel' || error === 'close') return
  if (showFieldErrors && error instanceof ApiError && Object.keys(error.problem.fieldErrors).length > 0) {
    showFieldErrors(error.problem.fieldErrors)
    return
  }
  ElMessage.error(describe(error))
}
