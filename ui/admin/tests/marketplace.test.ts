import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent } from 'vue'
import ElementPlus from 'element-plus'
import { ApiError, toProblem } from '../src/api/problem'
import { useFormDialog } from '../src/composables/useFormDialog'
import { i18n } from '../src/i18n'
import FlaggedText from '../src/components/FlaggedText.vue'
import HistoryTimeline from '../src/components/HistoryTimeline.vue'
import StatusTag from '../src/components/StatusTag.vue'
import { flaggedParts, listingStatuses, moderationActions, termErrors } from '../src/utils/marketplace'

const marked = (text: string, words: string[]) => flaggedParts(text, words).filter((p) => p.flagged).map((p) => p.text)

describe('flagged words in a listing\'s text', () => {
  it('marks every occurrence and leaves the rest, the parts making up the text', () => {
    const parts = flaggedParts('有意加微信，加微信详聊', ['加微信'])
    expect(parts).toEqual([
      { text: '有意', flagged: false }, { text: '加微信', flagged: true }, { text: '，', flagged: false }, { text: '加微信', flagged: true },
      { text: '详聊', flagged: false },
    ])
    expect(parts.map((p) => p.text).join('')).toBe('有意加微信，加微信详聊')
  })

  it('matches as the server checks: white space inside a word and letter case do not hide it', () => {
    expect(marked('请 加 微\n信 联系', ['加微信'])).toEqual(['加 微\n信'])
    expect(marked('Ask for WeChat, wechat or W e C h a t', ['wechat'])).toEqual(['WeChat', 'wechat', 'W e C h a t'])
  })

  it('joins overlapping and adjacent words into one mark, and marks nothing without words', () => {
    expect(marked('高仿刷单', ['高仿', '仿刷', '刷单'])).toEqual(['高仿刷单'])
    expect(flaggedParts('九成新 iPhone', [])).toEqual([{ text: '九成新 iPhone', flagged: false }])
    expect(flaggedParts('', ['加微信'])).toEqual([])
  })

  it('keeps characters outside the basic plane whole', () => {
    expect(marked('😀代购😀', ['代购'])).toEqual(['代购'])
    expect(marked('🎁 礼物 🎁', ['🎁礼物'])).toEqual(['🎁 礼物'])
  })

  it('is shown as <mark> in the page', () => {
    const wrapper = mount(FlaggedText, { props: { text: '急出，私下交易更便宜', words: ['私下交易'] } })
    expect(wrapper.findAll('mark').map((m) => m.text())).toEqual(['私下交易'])
    expect(wrapper.text()).toBe('急出，私下交易更便宜')
  })
})

describe('moderation buttons', () => {
  it('offers approve and reject for review, take down for a published listing, nothing for the rest (ListingStateMachine)', () => {
    expect(Object.fromEntries(listingStatuses.map((s) => [s, moderationActions(s)]))).toEqual({
      draft: [], 'pending-review': ['approve', 'reject'], active: ['take-down'], reserved: [], sold: [], rejected: [], withdrawn: [],
    })
  })
})

describe('synonym group errors', () => {
  it('names the term each error concerns, and keeps an error of the whole list', () => {
    const errors = { 'terms[1]': 'must be one word as the search splits text; it reads 智能 | 机.', name: 'other' }
    expect(termErrors(errors, ['手机', '智能 机'])).toBe('“智能 机” must be one word as the search splits text; it reads 智能 | 机.')
    expect(termErrors({ terms: 'must have 2 to 20 terms.' }, ['手机'])).toBe('must have 2 to 20 terms.')
    expect(termErrors({ name: 'x' }, [])).toBeUndefined()
  })
})

describe('listing words', () => {
  const global = { plugins: [ElementPlus, i18n] }

  it('names kebab-case statuses and steps in Chinese', () => {
    i18n.global.locale.value = 'zh-CN'
    const tag = mount(StatusTag, { props: { machine: 'listing', status: 'pending-review' }, global })
    expect(tag.text()).toBe('待审核')
    const timeline = mount(HistoryTimeline, {
      props: { machine: 'listing', steps: [{ to: 'rejected', trigger: 'take-down', actor: 'operator', reason: '疑似假冒商品', at: '2026-05-01T02:00:00Z' }] },
      global,
    })
    expect(timeline.text()).toContain('已驳回 · 强制下架 · 运营 · 疑似假冒商品')
  })
})

describe('a reason or edit dialog', () => {
  function dialog() {
    const reload = vi.fn(async () => {})
    let form!: ReturnType<typeof useFormDialog>
    mount(defineComponent({ setup: () => ((form = useFormDialog(reload)), () => null) }), { global: { plugins: [ElementPlus, i18n] } })
    form.show()
    return { form, reload }
  }
  const refusal = (status: number, body: object) => async () => {
    throw new ApiError(toProblem(status, body))
  }

  it('closes and reloads once the server takes it', async () => {
    const { form, reload } = dialog()
    await form.submit(async () => {})
    expect([form.open.value, reload.mock.calls.length]).toEqual([false, 1])
  })

  it('keeps a 422\'s field errors in the open dialog, reloading nothing', async () => {
    const { form, reload } = dialog()
    await form.submit(refusal(422, { code: 'validation_failed', errors: { reason: ['is required.'] } }))
    expect([form.open.value, form.fieldErrors.value, reload.mock.calls.length]).toEqual([true, { reason: 'is required.' }, 0])
  })

  it('reloads on a 409 (another operator decided first), so the page shows where the listing stands now', async () => {
    const { form, reload } = dialog()
    await form.submit(refusal(409, { code: 'invalid_transition', detail: 'A listing that is rejected cannot be rejected.' }))
    expect([form.open.value, reload.mock.calls.length]).toEqual([true, 1])
  })
})
