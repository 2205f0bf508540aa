import { onBeforeUnmount, ref } from 'vue'
import { authorizedFetch } from '../api/client'

/** One integration event as the live feed sends it. */
export interface FeedEvent {
  id: string
  type: string
  occurredAt: string
  data: Record<string, unknown>
}

/**
 * Follows `/api/v1/admin/events` (Server-Sent Events). EventSource cannot send a bearer token, so the stream is read
 * with fetch (which also refreshes an expired token); after a dropped connection it reconnects with Last-Event-ID, so
 * nothing is missed. Keeps the newest `keep` events, newest first.
 */
export function useEventFeed(keep = 20) {
  const events = ref<FeedEvent[]>([])
  const connected = ref(false)
  let lastEventId: string | null = null
  let stopped = false
  let aborter: AbortController | null = null

  async function follow() {
    while (!stopped) {
      aborter = new AbortController()
      try {
        const request = new Request(new URL('/api/v1/admin/events', globalThis.location.origin), {
          headers: lastEventId ? { 'Last-Event-ID': lastEventId, Accept: 'text/event-stream' } : { Accept: 'text/event-stream' },
          signal: aborter.signal,
        })
        const response = await authorizedFetch(request)
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`)
        connected.value = true
        await read(response.body)
      } catch {
        // Dropped, refused or stopped: try again shortly unless the page is gone.
      }
      connected.value = false
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 2000))
    }
  }

  async function read(body: ReadableStream<Uint8Array>) {
    const reader = body.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      buffer += decoder.decode(value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        take(buffer.slice(0, end))
        buffer = buffer.slice(end + 2)
      }
    }
  }

  /** One SSE frame: comments (heartbeats) and `retry:` are ignored; `id:` moves the resume point. */
  function take(frame: string) {
    let id: string | null = null
    const data: string[] = []
    for (const line of frame.split('\n')) {
      if (line.startsWith('id: ')) id = line.slice(4)
      else if (line.startsWith('data: ')) data.push(line.slice(6))
    }
    if (id === null || data.length === 0) return
    lastEventId = id
    events.value = [JSON.parse(data.join('\n')) as FeedEvent, ...events.value].slice(0, keep)
  }

  function stop() {
    stopped = true
    aborter?.abort()
  }

  void follow()
  onBeforeUnmount(stop)
  return { events, connected, stop }
}
