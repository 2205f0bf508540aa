// End-to-end test of the admin console in Debian's Chromium against a running server (Development, sandbox on):
// CIRCULA_URL, ADMIN_PASSWORD and ARTIFACTS (screenshot folder) come from scripts/admin-e2e.sh.
import { chromium } from 'playwright-core'
import { mkdir } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'

const base = process.env.CIRCULA_URL ?? 'http://127.0.0.1:5080'
const adminPassword = process.env.ADMIN_PASSWORD
const artifacts = process.env.ARTIFACTS ?? 'e2e-artifacts'
const customer = { username: 'demo', password: 'circula-demo' }
if (!adminPassword) throw new Error('ADMIN_PASSWORD is required')
await mkdir(artifacts, { recursive: true })

let passed = 0
let failed = 0
async function step(name, work) {
  const started = Date.now()
  try {
    await work()
    passed++
    console.log(`  ok   ${name} (${Date.now() - started} ms)`)
  } catch (e) {
    failed++
    console.log(`  FAIL ${name}: ${e instanceof Error ? e.stack : e}`)
    await page?.screenshot({ path: `${artifacts}/failed-${passed + failed}.png`, fullPage: true }).catch(() => {})
    throw e
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message)
}

async function call(method, path, { token, body, headers } = {}) {
  const response = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  const data = text ? JSON.parse(text) : null
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`)
  return data
}
const signIn = async (u, p) => (await call('POST', '/api/v1/auth/login', { body: { username: u, password: p } })).accessToken

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] })
const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
const page = await context.newPage()
page.setDefaultTimeout(20_000)
const errors = []
page.on('pageerror', (e) => errors.push(e.message))
const shot = (name) => page.screenshot({ path: `${artifacts}/${name}.png`, fullPage: true })
const url = (path) => `${base}/admin${path}`
/** Element Plus puts data-test on the native input for el-input, on a wrapper for others: fill whichever input it is. */
async function inputOf(locator) {
  const tag = await locator.evaluate((e) => e.tagName)
  return tag === 'INPUT' || tag === 'TEXTAREA' ? locator : locator.locator('input').first()
}
const fill = async (locator, value) => (await inputOf(locator)).fill(String(value))
async function signInThroughPage(username, password) {
  await fill(page.locator('[data-test=username]'), username)
  await fill(page.locator('[data-test=password]'), password)
  await page.locator('[data-test=sign-in]').click()
}

const suffix = randomUUID().slice(0, 6).toUpperCase()
const productName = `E2E 环保帆布袋 ${suffix}`
let productId
let order

try {
  console.log(`admin console e2e against ${base}`)

  await step('a customer account cannot sign in', async () => {
    await page.goto(url('/'))
    await page.waitForURL(/\/admin\/login/)
    await signInThroughPage(customer.username, customer.password)
    const error = page.locator('[data-test=login-error]')
    await error.waitFor()
    expect((await error.textContent()).includes('顾客账号'), `unexpected message: ${await error.textContent()}`)
    expect(page.url().includes('/login'), 'a customer must stay on the sign-in page')
    await shot('login-refused')
  })

  await step('an admin signs in and sees the dashboard', async () => {
    await signInThroughPage('admin', adminPassword)
    await page.waitForURL(/\/admin\/dashboard/)
    await page.locator('[data-test=gmv-today]').waitFor()
    await page.locator('.chart canvas').first().waitFor()
    await page.waitForTimeout(800)
    await shot('dashboard')
  })

  const adminToken = await signIn('admin', adminPassword)
  const categories = await call('GET', '/api/v1/admin/categories', { token: adminToken })
  const parents = new Set(categories.map((c) => c.parentId))
  const category = categories.find((c) => c.kind === 'shop' && c.isEnabled && !parents.has(c.id))
  expect(category, 'the demo data has an enabled shop category without children')

  await step('create a product with a 2 × 2 spec matrix (4 SKUs)', async () => {
    await page.goto(url('/catalog/products/new'))
    await page.locator('.el-select[data-test=product-category]').click()
    await page.locator(".el-select-dropdown").getByText(category.name, { exact: true }).click()
    await fill(page.locator('[data-test=product-name]'), productName)
    await fill(page.locator('[data-test=product-subtitle]'), '端到端测试创建')
    await fill(page.locator('[data-test=code-prefix]'), `E2E-${suffix}`)
    const specs = [['颜色', ['米白', '墨绿']], ['尺寸', ['小号', '大号']]]
    for (const [i, [name, values]] of specs.entries()) {
      await page.locator('[data-test=add-spec]').click()
      const spec = page.locator(`[data-test=spec-${i}]`)
      await fill(spec.locator('[data-test=spec-name]'), name)
      const input = await inputOf(spec.locator('[data-test=spec-values]'))
      for (const v of values) {
        await input.fill(v)
        await input.press('Enter')
      }
    }
    const combos = page.locator('[data-test=sku-combo]')
    await page.waitForFunction(() => document.querySelectorAll('[data-test=sku-combo]').length === 4)
    expect((await combos.allTextContents()).join(',') === '米白 / 小号,米白 / 大号,墨绿 / 小号,墨绿 / 大号', `combinations: ${await combos.allTextContents()}`)
    for (let i = 0; i < 4; i++) {
      await fill(page.locator('[data-test=sku-price]').nth(i), `${29 + i}.90`)
      await fill(page.locator('[data-test=sku-stock]').nth(i), 10 + i)
    }
    await shot('product-editor')
    await page.locator('[data-test=save-product]').click()
    await page.waitForURL(/\/catalog\/products\/\d+$/)
    productId = Number(page.url().split('/').pop())
    const saved = await call('GET', `/api/v1/admin/products/${productId}`, { token: adminToken })
    expect(saved.skus.length === 4, `the product has ${saved.skus.length} SKUs`)
    const prices = saved.skus.map((s) => s.priceFen).sort()
    expect(prices.join() === '2990,3090,3190,3290', `prices in fen: ${prices}`)
    expect(saved.skus.every((s) => s.code.startsWith(`E2E-${suffix}-`)), 'SKU codes come from the prefix')
  })

  await step('find the product in the list and put it on the shelf', async () => {
    await page.goto(url(`/catalog/products?keyword=${encodeURIComponent(suffix)}`))
    const toggle = page.locator(`[data-test=shelf-${productId}]`)
    await toggle.waitFor()
    await toggle.click()
    await page.waitForFunction((id) => document.querySelector(`[data-test=shelf-${id}]`)?.classList.contains('is-checked'), productId)
    const saved = await call('GET', `/api/v1/admin/products/${productId}`, { token: adminToken })
    expect(saved.isOnShelf, 'the product is on the shelf')
    await shot('products')
  })

  await step('place an order through the API and see it in the order list', async () => {
    const customerToken = await signIn(customer.username, customer.password)
    const product = await call('GET', `/api/v1/admin/products/${productId}`, { token: adminToken })
    order = await call('POST', '/api/v1/orders', {
      token: customerToken,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        lines: [{ skuId: product.skus[0].id, quantity: 2 }],
        address: { name: '张三', phone: '13800138000', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道100号' },
        remark: 'e2e',
      },
    })
    // The customer starts paying (a WeChat Pay Native QR code); the sandbox holds the prepay that "simulate payment" pays.
    await call('POST', '/api/v1/payments', { token: customerToken, body: { orderId: order.id, channel: 'native', provider: 'wechatpay' } })
    await page.goto(url(`/orders?number=${order.number}`))
    const link = page.locator(`[data-number="${order.number}"]`)
    await link.waitFor()
    expect(page.url().includes(`number=${order.number}`), 'the filter is in the URL')
    await shot('orders')
    await link.click()
    await page.waitForURL(new RegExp(`/orders/${order.id}$`))
  })

  await step('simulate the payment in the sandbox: the order becomes paid', async () => {
    await page.locator('[data-test=simulate-payment]').click()
    await page.locator('[data-test=order-status][data-status=paid]').waitFor({ timeout: 30_000 })
  })

  await step('ship the order and check the timeline', async () => {
    await page.locator('[data-test=ship]').click()
    await page.locator('[data-test=confirm-ship]').click()
    // Empty carrier and tracking number: the server's field errors appear under the fields.
    await page.locator('.el-dialog .el-form-item.is-error').first().waitFor()
    await shot('ship-field-errors')
    await fill(page.locator('[data-test=carrier]'), '顺丰')
    await fill(page.locator('[data-test=tracking]'), `SF${suffix}001`)
    await page.locator('[data-test=confirm-ship]').click()
    await page.locator('[data-test=order-status][data-status=shipped]').waitFor()
    const steps = await page.locator('[data-test=timeline] [data-to]').evaluateAll((items) => items.map((i) => i.getAttribute('data-to')))
    expect(steps.join(',') === 'pendingPayment,paid,shipped', `timeline: ${steps}`)
    const shipped = await call('GET', `/api/v1/admin/orders/${order.id}`, { token: adminToken })
    expect(shipped.status === 'shipped' && shipped.trackingNumber === `SF${suffix}001`, 'the server has the shipment')
    await shot('order-detail')
  })

  await step('an expired session returns to sign-in and back to the same page', async () => {
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('circula.admin.session'))
      localStorage.setItem('circula.admin.session', JSON.stringify({ ...s, accessToken: 'expired', refreshToken: 'revoked' }))
    })
    await page.goto(url('/orders?status=shipped'))
    await page.waitForURL(/\/admin\/login\?redirect=/)
    await signInThroughPage('admin', adminPassword)
    await page.waitForURL((u) => u.pathname === '/admin/orders' && u.searchParams.get('status') === 'shipped')
  })

  await step('the other pages render', async () => {
    for (const [path, name, ready] of [
      ['/catalog/categories', 'categories', '[data-test=category-tree] .el-tree-node'],
      ['/payments/anomalies', 'anomalies', '.el-card'],
      ['/system/users', 'users', '[data-test=users] .el-table__row'],
      ['/system/outbox', 'outbox', '[data-test=outbox] .el-table__row'],
    ]) {
      await page.goto(url(path))
      await page.locator(ready).first().waitFor()
      await shot(name)
    }
  })

  await step('English and dark mode', async () => {
    await page.goto(url('/dashboard'))
    await page.locator('[data-test=language]').click()
    await page.locator('[data-test=dark]').click()
    await page.getByText("Today's GMV").waitFor()
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark')), 'dark mode is on')
    await page.waitForTimeout(800)
    await shot('dashboard-dark-en')
  })

  await step('no script errors in the page', async () => {
    expect(errors.length === 0, `page errors: ${errors.join(' | ')}`)
  })
} catch {
  // The failing step was reported; the steps after it did not run.
} finally {
  await browser.close()
}

console.log(`e2e: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 && passed > 0 ? 0 : 1)
