// A small client written against the types openapi-typescript generates from docs/openapi/v1.json. It is compiled, not
// run (scripts/check-openapi.sh): if the document stops describing what a client needs (a required header, an error's
// code, the payment channels), this stops compiling.
import createClient from 'openapi-fetch'
import type { components, paths } from './generated/v1'

type Problem = components['schemas']['ProblemDetails']
type Channel = components['schemas']['CreatePaymentRequest']['channel']

const api = createClient<paths>({ baseUrl: 'http://127.0.0.1:5080' })

/** Every error answer can be branched on by its stable code and quoted by its trace id. */
export function describe(problem: Problem): string {
  const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join(' ')}`)
  return [`${problem.status} ${problem.code} (${problem.traceId})`, problem.detail ?? '', ...fields].join('\n')
}

export async function signIn(username: string, password: string): Promise<string> {
  const { data, error } = await api.POST('/api/v1/auth/login', { body: { username, password } })
  if (error) throw new Error(describe(error))
  return data.accessToken
}

/** Places an order; a retry with the same key returns the first answer instead of a second order. */
export async function placeOrder(token: string, idempotencyKey: string, skuId: number, quantity: number) {
  const { data, error, response } = await api.POST('/api/v1/orders', {
    headers: { Authorization: `Bearer ${token}` },
    // Required by the document: leaving it out is a compile error, as it is a 400 at run time.
    params: { header: { 'Idempotency-Key': idempotencyKey } },
    body: {
      lines: [{ skuId, quantity }],
      address: { name: '张三', phone: '13800138000', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 100 号' },
    },
  })
  if (error) throw new Error(describe(error))
  return { order: data, replayed: response.headers.get('Idempotent-Replayed') === 'true', location: response.headers.get('Location') }
}

export async function pay(token: string, orderId: string, channel: Channel) {
  const { data, error } = await api.POST('/api/v1/payments', {
    headers: { Authorization: `Bearer ${token}` },
    body: { orderId, channel, provider: channel === 'wap' || channel === 'page' ? 'alipay' : 'wechatpay' },
  })
  if (error) throw new Error(describe(error))
  return data
}

/** Revalidates a product with its ETag: null when the copy the caller has is current. */
export async function productIfChanged(id: number, etag?: string) {
  const { data, error, response } = await api.GET('/api/v1/products/{id}', {
    params: { path: { id }, header: etag ? { 'If-None-Match': etag } : {} },
  })
  if (response.status === 304) return null
  if (error) throw new Error(describe(error))
  return { product: data, etag: response.headers.get('ETag') }
}
