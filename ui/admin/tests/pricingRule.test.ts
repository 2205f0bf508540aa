import { describe, expect, it } from 'vitest'
import { fromRule, sampleAttributes, splitPreviewErrors, toRule, typedValue, type AttributeRow } from '../src/utils/pricingRule'

const attributes: AttributeRow[] = [
  { name: 'brand', label: '品牌', type: 'choice', options: ['苹果', '华为'], required: true },
  { name: 'working', label: '能否开机', type: 'boolean', options: [], required: true },
  { name: 'ageYears', label: '年限', type: 'number', options: [], required: false },
]

describe('pricing rule form', () => {
  it('types a value by the attribute it names, leaving text that does not fit for the server to refuse', () => {
    expect(typedValue(' 4 ', 'number')).toBe(4)
    expect(typedValue('four', 'number')).toBe('four')
    expect(typedValue('false', 'boolean')).toBe(false)
    expect(typedValue('nope', 'boolean')).toBe('nope')
    expect(typedValue('4', 'choice')).toBe('4')
  })

  it('round-trips a rule: in and between as lists, exists without a value, options only for choices', () => {
    const rule = {
      unit: 'piece', basePriceFen: 30000, minUnitPriceFen: 500, maxUnitPriceFen: null,
      attributes: [{ name: 'brand', label: '品牌', type: 'choice', options: ['苹果', '华为'], required: true },
        { name: 'ageYears', label: '年限', type: 'number', options: null, required: false }],
      factors: [
        { field: 'brand', operator: 'in', value: null, values: ['苹果', '华为'], effect: 'multiply', amount: 15000, label: '大牌' },
        { field: 'ageYears', operator: 'between', value: null, values: [3, 5], effect: 'subtract', amount: 2000, label: null },
        { field: 'ageYears', operator: 'exists', value: null, values: null, effect: 'add', amount: 100, label: null },
        { field: 'ageYears', operator: 'gt', value: 5, values: null, effect: 'set', amount: 1000, label: '太旧' },
      ],
    }
    const form = fromRule(rule)
    expect(form.factors[1]?.valueText).toBe('3, 5')
    form.factors[1]!.valueText = '3，6'
    const back = toRule(form)
    expect(back.factors?.[1]?.values).toEqual([3, 6])
    expect(back.factors?.[0]).toEqual(rule.factors[0])
    expect(back.factors?.[2]).toEqual(rule.factors[2])
    expect(back.factors?.[3]).toEqual(rule.factors[3])
    expect(back.attributes?.[1]?.options).toBeNull()
  })

  it('types the sample answers and leaves unanswered ones out', () => {
    expect(sampleAttributes({ brand: '华为', working: 'false', ageYears: '', extra: 'x' }, attributes)).toEqual({ brand: '华为', working: false })
  })

  it('sends the rule\'s errors to the form and the sample item\'s to the sample', () => {
    expect(splitPreviewErrors({ 'rule.factors[0].value': 'must be true or false.', 'items[0].attributes.brand': 'is required.', 'items[0].quantity': 'too big' }))
      .toEqual({ rule: { 'factors[0].value': 'must be true or false.' }, sample: { brand: 'is required.', quantity: 'too big' } })
  })
})
