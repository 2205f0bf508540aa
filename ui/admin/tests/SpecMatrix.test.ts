import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent, h, nextTick, ref } from 'vue'
import ElementPlus from 'element-plus'
import { i18n } from '../src/i18n'
import SpecMatrix from '../src/components/SpecMatrix.vue'
import type { SkuRow, Spec } from '../src/utils/specMatrix'

/** A parent holding both models, as the product editor does. */
function mountMatrix(specs: Spec[], rows: SkuRow[] = []) {
  const state = { specs: ref(specs), rows: ref(rows) }
  const Host = defineComponent(() => () =>
    h(SpecMatrix, {
      codePrefix: 'BAG',
      errors: { 'skus[1].code': 'is used by another SKU in this request.' },
      specs: state.specs.value,
      'onUpdate:specs': (v: Spec[]) => (state.specs.value = v),
      rows: state.rows.value,
      'onUpdate:rows': (v: SkuRow[]) => (state.rows.value = v),
    }),
  )
  const wrapper = mount(Host, { global: { plugins: [ElementPlus, i18n] } })
  return { wrapper, state }
}

describe('SpecMatrix', () => {
  it('generates one SKU row per combination: 2 colours × 3 sizes → 6, with codes from the prefix', async () => {
    const { wrapper, state } = mountMatrix([
      { name: '颜色', values: ['红', '蓝'] },
      { name: '尺码', values: ['S', 'M', 'L'] },
    ])
    await nextTick()
    expect(state.rows.value).toHaveLength(6)
    expect(state.rows.value.map((r) => Object.values(r.specs).join('/'))).toEqual(['红/S', '红/M', '红/L', '蓝/S', '蓝/M', '蓝/L'])
    expect(state.rows.value[0]!.code).toBe('BAG-01')
    await nextTick()
    expect(wrapper.findAll('[data-test="sku-combo"]').map((c) => c.text())).toEqual(['红 / S', '红 / M', '红 / L', '蓝 / S', '蓝 / M', '蓝 / L'])
  })

  it('keeps what was typed for a combination when a value is added, and shows a field error under its cell', async () => {
    const specs: Spec[] = [{ name: '颜色', values: ['红'] }, { name: '尺码', values: ['S'] }]
    const typed: SkuRow = { specs: { 颜色: '红', 尺码: 'S' }, code: 'MY-CODE', price: '12.50', stock: 7, isEnabled: true }
    const { wrapper, state } = mountMatrix(specs, [typed])
    state.specs.value[1]!.values.push('M')
    await nextTick()
    expect(state.rows.value).toHaveLength(2)
    expect(state.rows.value[0]).toEqual(typed)
    expect(state.rows.value[1]!.code).toBe('BAG-01')
    // Growing the matrix value by value never hands out a code twice.
    state.specs.value[0]!.values.push('蓝')
    await nextTick()
    const codes = state.rows.value.map((r) => r.code)
    expect(new Set(codes).size).toBe(4)
    // The error message enters through a transition, rendered after a later macrotask: wait for it.
    await vi.waitFor(() => expect(wrapper.findAll('.el-form-item__error')).toHaveLength(1), { timeout: 5000 })
    expect(wrapper.text()).toContain('is used by another SKU in this request.')
  })
})
