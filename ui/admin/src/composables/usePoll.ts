import { onBeforeUnmount, ref } from 'vue'

/**
 * Calls `tick` every `everyMs` while started, one call at a time (a slow answer is not overtaken by the next), and stops
 * when the page goes away. `elapsed` counts the seconds since the start, for "running for 12 s".
 */
export function usePoll(tick: () => Promise<unknown>, everyMs = 1000) {
  const active = ref(false)
  const elapsed = ref(0)
  let timer: ReturnType<typeof setTimeout> | undefined
  let startedAt = 0

  const schedule = () => {
    timer = setTimeout(async () => {
      if (!active.value) return
      try {
        await tick()
      } catch {
        // A failed poll is retried at the next tick; the page shows its own errors.
      }
      elapsed.value = Math.floor((Date.now() - startedAt) / 1000)
      if (active.value) schedule()
    }, everyMs)
  }

  function start() {
    if (active.value) return
    active.value = true
    startedAt = Date.now()
    elapsed.value = 0
    schedule()
  }

  function stop() {
    active.value = false
    clearTimeout(timer)
  }

  onBeforeUnmount(stop)
  return { active, elapsed, start, stop }
}
