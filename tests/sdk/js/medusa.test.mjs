// @medusajs/js-sdk as a Next.js storefront calls it: catalogue, regions, carts, customer auth.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { medusa, unique } from './helpers.mjs'

test('regions and products, with calculated prices for a region', async () => {
  const sdk = medusa()
  const { regions } = await sdk.store.region.list()
  assert.ok(regions.length >= 1 && regions.every((r) => r.currency_code))
  const region = regions[0]
  const { products, count } = await sdk.store.product.list({
    region_id: region.id, limit: 3, fields: '*variants.calculated_price,+variants.inventory_quantity',
  })
  assert.ok(count > 3 && products.length === 3)
  const variant = products[0].variants[0]
  assert.equal(variant.calculated_price.currency_code, region.currency_code)
  assert.equal(typeof variant.calculated_price.calculated_amount, 'number')
  const { product } = await sdk.store.product.retrieve(products[0].id, { region_id: region.id })
  assert.equal(product.id, products[0].id)
  const { collections } = await sdk.store.collection.list()
  assert.ok(Array.isArray(collections))
  const { product_categories: categories } = await sdk.store.category.list()
  assert.ok(Array.isArray(categories))
})

test('a missing product rejects with a FetchError 404 Not Found', async () => {
  await assert.rejects(medusa().store.product.retrieve('prod_missing'), (error) => {
    assert.equal(error.status, 404)
    assert.equal(error.statusText, 'Not Found')
    return true
  })
})

async function stockedVariants(sdk, regionId, count) {
  const { products } = await sdk.store.product.list({
    region_id: regionId, limit: 100, fields: '*variants.calculated_price,+variants.inventory_quantity',
  })
  const variants = products.flatMap((p) => p.variants)
    .filter((v) => v.calculated_price && (v.manage_inventory === false || v.inventory_quantity > 5))
  assert.ok(variants.length >= count, `only ${variants.length} stocked variants`)
  return variants.slice(0, count)
}

test('a cart is created and takes line items one by one', async () => {
  const sdk = medusa()
  const { regions } = await sdk.store.region.list()
  const { cart } = await sdk.store.cart.create({ region_id: regions[0].id })
  const [first, second] = await stockedVariants(sdk, regions[0].id, 2)
  await sdk.store.cart.createLineItem(cart.id, { variant_id: first.id, quantity: 1 })
  const { cart: after } = await sdk.store.cart.createLineItem(cart.id, { variant_id: second.id, quantity: 2 })
  assert.equal(after.items.length, 2)
  const { cart: again } = await sdk.store.cart.retrieve(cart.id)
  assert.deepEqual(again.items.map((i) => i.quantity).sort(), [1, 2])
})

// Real Medusa locks the cart per request; so does the sandbox (one transaction per cart change).
test('parallel createLineItem calls on one cart keep every line', async () => {
  const sdk = medusa()
  const { regions } = await sdk.store.region.list()
  const { cart } = await sdk.store.cart.create({ region_id: regions[0].id })
  const variants = await stockedVariants(sdk, regions[0].id, 5)
  await Promise.all(variants.map((v) => sdk.store.cart.createLineItem(cart.id, { variant_id: v.id, quantity: 1 })))
  const { cart: after } = await sdk.store.cart.retrieve(cart.id)
  assert.deepEqual(after.items.map((i) => i.variant_id).sort(), variants.map((v) => v.id).sort())
})

test('a customer registers, is created, logs in and reads itself (JWT)', async () => {
  // Outside a browser the SDK keeps its JWT only when told to keep it in memory.
  const sdk = medusa({ auth: { type: 'jwt', jwtTokenStorageMethod: 'memory' } })
  const email = `${unique('shopper')}@example.com`
  const registration = await sdk.auth.register('customer', 'emailpass', { email, password: 'pw-12345' })
  assert.equal(typeof registration, 'string')
  const { customer } = await sdk.store.customer.create({ email, first_name: 'Ana' })
  assert.equal(customer.email, email)
  assert.equal(customer.has_account, true)
  const token = await sdk.auth.login('customer', 'emailpass', { email, password: 'pw-12345' })
  assert.equal(typeof token, 'string')
  const { customer: me } = await sdk.store.customer.retrieve()
  assert.equal(me.id, customer.id)
  await sdk.auth.logout()
  await assert.rejects(sdk.store.customer.retrieve(), (error) => error.status === 401)
  await assert.rejects(
    sdk.auth.login('customer', 'emailpass', { email, password: 'wrong' }),
    (error) => error.status === 401 && error.message === 'Invalid email or password',
  )
})

// Node's fetch keeps no cookies; a server-side storefront keeps them per visitor. This jar does.
function withCookieJar(run) {
  const original = globalThis.fetch
  const jar = new Map()
  globalThis.fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers)
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await original(input, { ...init, headers })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, value] = pair.split('=')
      if (/Expires=Thu, 01 Jan 1970/i.test(line) || value === '') jar.delete(name)
      else jar.set(name, value)
    }
    return response
  }
  return run(jar).finally(() => { globalThis.fetch = original })
}

test('in session mode login opens a cookie session (POST /auth/session) that logout closes', async () => {
  await withCookieJar(async (jar) => {
    const sdk = medusa({ auth: { type: 'session' } })
    const email = `${unique('session')}@example.com`
    // Session mode sends no JWT, so the registration token goes along by hand (Medusa's docs).
    const registration = await sdk.auth.register('customer', 'emailpass', { email, password: 'pw-12345' })
    await sdk.store.customer.create({ email }, {}, { Authorization: `Bearer ${registration}` })
    await sdk.auth.login('customer', 'emailpass', { email, password: 'pw-12345' })
    assert.ok(jar.has('connect.sid'))
    const { customer } = await sdk.store.customer.retrieve()
    assert.equal(customer.email, email)
    await sdk.auth.logout()
    assert.ok(!jar.has('connect.sid'))
    await assert.rejects(sdk.store.customer.retrieve(), (error) => error.status === 401)
  })
})
