import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent, nextTick, reactive } from 'vue'
import { ApiError, toProblem } from '../src/api/problem'
import { useLivePreview } from '../src/composables/useLivePreview'
import { usePoll } from '../src/composables/usePoll'

/** Runs a composable inside a mounted component, as a page does (its watchers and unmount hooks apply). */
function withSetup<T>(setup: () => T): { result: T; unmount: () => void } {
  let result!: T
  const wrapper = mount(defineComponent({ setup: () => ((result = setup()), () => null) }))
  return { result, unmount: () => wrapper.unmount() }
}

/** A promise the test settles by hand, to choose the order answers arrive in. */
function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

const flush = async () => {
  await nextTick()
  await Promise.resolve()
  await Promise.resolve()
}

describe('useLivePreview', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('renders once after typing stops, with the last draft', async () => {
    const form = reactive({ title: '' })
    const render = vi.fn(async (d: { title: string }) => `rendered ${d.title}`)
    const { result } = withSetup(() => useLivePreview(() => ({ title: form.title }), render, 300))
    for (const text of ['n', 'ne', 'new']) {
      form.title = text
      await nextTick()
      vi.advanceTimersByTime(100)
    }
    expect(render).not.toHaveBeenCalled()
    vi.advanceTimersByTime(300)
    await flush()
    expect(render).toHaveBeenCalledTimes(1)
    expect(render).toHaveBeenCalledWith({ title: 'new' })
    expect(result.result.value).toBe('rendered new')
  })

  it('drops an answer that arrives after a newer draft was sent', async () => {
    const older = deferred<string>()
    const newer = deferred<string>()
    const queue = [older.promise, newer.promise]
    const form = reactive({ title: 'a' })
    const { result } = withSetup(() => useLivePreview(() => ({ title: form.title }), () => queue.shift() ?? Promise.reject(new Error('no answer')), 10))
    const first = result.refresh()
    form.title = 'b'
    const second = result.refresh()
    newer.resolve('b')
    await second
    older.resolve('a')
    await first
    expect(result.result.value).toBe('b')
    expect(result.pending.value).toBe(false)
  })

  it('keeps a 422 field errors for the form and other failures as the error', async () => {
    let fail: unknown = new ApiError(toProblem(422, { code: 'validation_failed', errors: { 'lines[0].value': ['names {nope}, which this event does not offer.'] } }))
    const { result } = withSetup(() => useLivePreview(() => ({}), async () => { throw fail }, 10))
    await result.refresh()
    expect(result.fieldErrors.value).toEqual({ 'lines[0].value': 'names {nope}, which this event does not offer.' })
    expect(result.error.value).toBeNull()
    fail = new ApiError(toProblem(503, { code: 'database_unavailable', detail: 'down', traceId: 't-1' }))
    await result.refresh()
    expect(result.fieldErrors.value).toEqual({})
    expect(result.error.value).toBe('down (database_unavailable, trace t-1)')
  })
})

describe('usePoll', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('ticks while started, never two at once, and stops with the page', async () => {
    let running = 0
    let most = 0
    const slow = deferred<void>()
    const tick = vi.fn(async () => {
      running++
      most = Math.max(most, running)
      if (tick.mock.calls.length === 1) await slow.promise
      running--
    })
    const { result, unmount } = withSetup(() => usePoll(tick, 1000))
    result.start()
    await vi.advanceTimersByTimeAsync(1000)
    await vi.advanceTimersByTimeAsync(5000)
    expect(tick).toHaveBeenCalledTimes(1)
    slow.resolve()
    await vi.advanceTimersByTimeAsync(2000)
    expect(tick).toHaveBeenCalledTimes(3)
    expect(most).toBe(1)
    expect(result.elapsed.value).toBeGreaterThanOrEqual(7)
    unmount()
    await vi.advanceTimersByTimeAsync(5000)
    expect(tick).toHaveBeenCalledTimes(3)
    expect(result.active.value).toBe(false)
  })

  it('keeps polling after a failed tick', async () => {
    const tick = vi.fn(async () => { throw new Error('offline') })
    const { result } = withSetup(() => usePoll(tick, 500))
    result.start()
    await vi.advanceTimersByTimeAsync(1500)
    expect(tick).toHaveBeenCalledTimes(3)
    result.stop()
    await vi.advanceTimersByTimeAsync(1500)
    expect(tick).toHaveBeenCalledTimes(3)
  })
})
