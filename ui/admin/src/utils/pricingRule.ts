import type { components } from '../api/schema.gen'

type Rule = components['schemas']['PricingRule']
type Attribute = components['schemas']['AttributeSpec']
type Factor = components['schemas']['PriceFactor']
type Json = string | number | boolean

/** A factor as the form edits it: the compared value as text, typed by the attribute it names when it is sent. */
export interface FactorRow {
  field: string
  operator: string
  valueText: string
  effect: string
  amount: number
  label: string
}

export interface AttributeRow {
  name: string
  label: string
  type: string
  options: string[]
  required: boolean
}

export interface RuleForm {
  unit: string
  basePriceFen: number
  minUnitPriceFen: number | null
  maxUnitPriceFen: number | null
  attributes: AttributeRow[]
  factors: FactorRow[]
}

export const operators = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'between', 'exists']
export const effects = ['multiply', 'add', 'subtract', 'set']
export const attributeTypes = ['number', 'boolean', 'text', 'choice']

/**
 * Text typed for a value, as the JSON the attribute's type asks for: "4" is 4 for a number, "false" is false for a
 * boolean. Text that does not fit stays text, so the server's 422 names the field instead of the form guessing.
 */
export function typedValue(text: string, type: string | undefined): Json {
  const trimmed = text.trim()
  if (type === 'number' && trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed)
  if (type === 'boolean' && (trimmed === 'true' || trimmed === 'false')) return trimmed === 'true'
  return trimmed
}

const listOf = (text: string) => text.split(/[,，]/).map((v) => v.trim()).filter((v) => v !== '')

export function toFactor(row: FactorRow, attributes: AttributeRow[]): Factor {
  const type = attributes.find((a) => a.name === row.field)?.type
  const base = { field: row.field, operator: row.operator, effect: row.effect, amount: row.amount, label: row.label.trim() || null }
  if (row.operator === 'exists') return { ...base, value: null, values: null }
  if (row.operator === 'in' || row.operator === 'between') return { ...base, value: null, values: listOf(row.valueText).map((v) => typedValue(v, type)) }
  return { ...base, value: typedValue(row.valueText, type), values: null }
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v))

export function fromFactor(f: Factor): FactorRow {
  return {
    field: f.field ?? '', operator: f.operator ?? 'eq', effect: f.effect ?? 'multiply', amount: f.amount, label: f.label ?? '',
    valueText: f.values ? f.values.map(text).join(', ') : text(f.value),
  }
}

export function toRule(form: RuleForm): Rule {
  return {
    unit: form.unit, basePriceFen: form.basePriceFen, minUnitPriceFen: form.minUnitPriceFen, maxUnitPriceFen: form.maxUnitPriceFen,
    attributes: form.attributes.map((a) => ({ name: a.name, label: a.label, type: a.type, required: a.required, options: a.type === 'choice' ? a.options : null })),
    factors: form.factors.map((f) => toFactor(f, form.attributes)),
  }
}

export function fromRule(rule: Rule | null): RuleForm {
  return {
    unit: rule?.unit ?? 'piece', basePriceFen: rule?.basePriceFen ?? 0,
    minUnitPriceFen: rule?.minUnitPriceFen ?? null, maxUnitPriceFen: rule?.maxUnitPriceFen ?? null,
    attributes: (rule?.attributes ?? []).map((a: Attribute) => ({ name: a.name, label: a.label, type: a.type, options: [...(a.options ?? [])], required: a.required ?? false })),
    factors: (rule?.factors ?? []).map(fromFactor),
  }
}

/** The sample item's answers, typed per attribute; unanswered ones are left out (a required one is then the server's 422). */
export function sampleAttributes(answers: Record<string, string>, attributes: AttributeRow[]): Record<string, Json> {
  const out: Record<string, Json> = {}
  for (const a of attributes) {
    const answer = answers[a.name]
    if (answer !== undefined && answer.trim() !== '') out[a.name] = typedValue(answer, a.type)
  }
  return out
}

/**
 * Splits the preview's field errors: "rule.factors[0].value" belongs to the rule form ("factors[0].value"),
 * "items[0].attributes.brand" to the sample item ("brand").
 */
export function splitPreviewErrors(errors: Record<string, string>): { rule: Record<string, string>; sample: Record<string, string> } {
  const rule: Record<string, string> = {}
  const sample: Record<string, string> = {}
  for (const [key, message] of Object.entries(errors)) {
    if (key.startsWith('rule.')) rule[key.slice(5)] = message
    else if (key.startsWith('items[0].attributes.')) sample[key.slice(20)] = message
    else if (key.startsWith('items[0].')) sample[key.slice(9)] = message
    else rule[key] = message
  }
  return { rule, sample }
}
