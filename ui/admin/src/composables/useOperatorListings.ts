import { api } from '../api/client'
import { unwrap } from '../api/problem'
import { pageSize, usePagedList } from './usePagedList'

/**
 * The operators' listing list, filtered by status and by whether the blocklist flagged them (flagged: yes | no | all),
 * both in the URL; `status` fixes the status (the moderation queue is pending-review).
 */
export function useOperatorListings(status?: string) {
  return usePagedList({ status: '', flagged: '' }, async (f, page) =>
    unwrap(await api.GET('/api/v1/admin/marketplace/listings', {
      params: {
        query: { Status: status ?? (f.status || undefined), Flagged: f.flagged === '' ? undefined : f.flagged === 'yes', Page: page, PageSize: pageSize },
      },
    })),
  )
}
