import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { defineComponent } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { ApiError, toProblem } from '../src/api/problem'
import { useFormDialog } from '../src/composables/useFormDialog'
import { i18n } from '../src/i18n'
import SellerCreditView from '../src/views/marketplace/SellerCreditView.vue'
import { adjustmentBody, creditRules, emptyAdjustment, referenceRefusal, signedPoints } from '../src/utils/credit'

const refused = (status: number, body: object) => new ApiError(toProblem(status, body))
const taken = () => refused(409, { code: 'credit_already_recorded', detail: 'A change with reference DSP-1 was recorded for this user already.' })

describe('an operator\'s credit change', () => {
  it('sends points only for an adjustment: a lost dispute takes the configured points', () => {
    const form = { ...emptyAdjustment(), points: -40, reference: 'DSP-1', reason: '纠纷判卖家败诉' }
    expect(adjustmentBody(form)).toEqual({ kind: 'dispute-lost', points: null, reference: 'DSP-1', reason: '纠纷判卖家败诉' })
    expect(adjustmentBody({ ...form, kind: 'adjustment' })).toEqual({ kind: 'adjustment', points: -40, reference: 'DSP-1', reason: '纠纷判卖家败诉' })
    expect(adjustmentBody({ ...form, kind: 'adjustment', points: undefined }).points).toBeNull()
  })

  it('turns a reference recorded already into that field\'s error, and leaves every other refusal alone', () => {
    const turned = referenceRefusal(taken()) as ApiError
    expect([turned.problem.status, turned.problem.code, turned.problem.fieldErrors])
      .toEqual([409, 'credit_already_recorded', { reference: 'A change with reference DSP-1 was recorded for this user already.' }])
    for (const other of [refused(409, { code: 'invalid_transition' }), refused(422, { errors: { reason: ['is required.'] } }), new Error('offline')]) {
      expect(referenceRefusal(other)).toBe(other)
    }
  })

  it('keeps the dialog open with the reference\'s error under its field', async () => {
    const reload = vi.fn(async () => {})
    let form!: ReturnType<typeof useFormDialog>
    mount(defineComponent({ setup: () => ((form = useFormDialog(reload)), () => null) }), { global: { plugins: [ElementPlus, i18n] } })
    form.show()
    await form.submit(async () => {
      throw referenceRefusal(taken())
    })
    expect([form.open.value, form.fieldErrors.value.reference]).toEqual([true, 'A change with reference DSP-1 was recorded for this user already.'])
  })

  it('writes points signed, with a real minus sign', () => {
    expect([signedPoints(10), signedPoints(-30), signedPoints(0)]).toEqual(['+10', '−30', '0'])
  })
})

describe('the seller credit page', () => {
  const entry = (id: string, rule: string, points: number, recordedBy: string | null) =>
    ({ id, rule, points, reason: `${rule} reason`, sourceKey: `${rule}:${id}`, recordedBy, at: '2026-05-01T03:00:00Z' })
  const account = {
    userId: '10001', credit: { score: 530, tier: 'gold', tierName: '金牌卖家' },
    trail: { items: [entry('3', 'dispute-lost', -30, '1'), entry('2', 'shipped-on-time', 2, null), entry('1', 'completed-deal', 10, null)], page: 2, pageSize: 20, total: 23 },
  }

  async function open(query: string) {
    const calls: string[] = []
    vi.stubGlobal('fetch', async (request: Request) => {
      const url = new URL(request.url)
      calls.push(`${request.method} ${url.pathname}${url.search}`)
      const body = request.method === 'GET' ? account : { userId: '10001', storedScore: 530, trailScore: 530, drift: 0, trailEntries: 23, credit: account.credit }
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
    })
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/marketplace/credit', component: SellerCreditView }] })
    await router.push(`/marketplace/credit${query}`)
    i18n.global.locale.value = 'zh-CN'
    const page = mount(SellerCreditView, { global: { plugins: [ElementPlus, i18n, router] } })
    await flushPromises()
    return { page, calls }
  }

  it('loads the user and page in the URL and shows the score, tier and trail with the rules named in Chinese', async () => {
    const { page, calls } = await open('?userId=10001&page=2')
    expect(calls).toEqual(['GET /api/v1/admin/marketplace/credit/10001?Page=2&PageSize=20'])
    expect(page.get('[data-test=credit-score]').text()).toBe('530')
    expect(page.get('[data-tier=gold]').text()).toBe('金牌卖家')
    const rows = page.findAll('[data-test=credit-trail] .el-table__body tr').map((r) => r.findAll('td').slice(1, 4).map((c) => c.text()))
    expect(rows).toEqual([['纠纷败诉', '−30', 'dispute-lost reason'], ['按时发货', '+2', 'shipped-on-time reason'], ['交易完成', '+10', 'completed-deal reason']])
    expect(page.findAll('[data-test=credit-trail] .el-table__body tr')[1]!.text()).toContain('系统')
  })

  it('asks for nothing without a user id', async () => {
    const { page, calls } = await open('')
    expect(calls).toEqual([])
    expect(page.find('[data-test=record-credit]').exists()).toBe(false)
  })

  it('replays and shows the drift found, reloading the trail', async () => {
    const { page, calls } = await open('?userId=10001')
    await page.get('[data-test=replay-credit]').trigger('click')
    await flushPromises()
    expect(calls.slice(1)).toEqual(['POST /api/v1/admin/marketplace/credit/10001/replay', 'GET /api/v1/admin/marketplace/credit/10001?Page=1&PageSize=20'])
    const result = page.get('[data-test=replay-result]')
    expect([result.attributes('data-drift'), result.text()]).toEqual(['0', '重算：原存储 530 分，记录合计 530 分（23 条），偏差 0'])
  })

  it('names every rule in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const rule of creditRules) expect(i18n.global.te(`credit.ruleName.${rule}`, locale), `${locale} ${rule}`).toBe(true)
    }
  })
})
