// contentful.js (CDA and Preview) as a storefront calls it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { delivery, environment, preview, SPACE } from './helpers.mjs'

test('getSpace and getLocales read the space (getSpace asks /spaces/<id>/)', async () => {
  const client = delivery()
  const space = await client.getSpace()
  assert.equal(space.sys.id, SPACE())
  const locales = await client.getLocales()
  const codes = locales.items.map((l) => l.code)
  assert.ok(codes.includes('en-US') && codes.length > 1, codes.join(','))
  assert.equal(locales.items.filter((l) => l.default).length, 1)
})

test('getEntries filters by content type, resolves links and pages with skip', async () => {
  const client = delivery()
  const all = await client.getEntries({ content_type: 'product', limit: 1000 })
  assert.ok(all.total > 3 && all.items.length === all.total)
  const page = await client.getEntries({ content_type: 'product', limit: 2, skip: 2, order: ['sys.createdAt'] })
  assert.equal(page.items.length, 2)
  assert.equal(page.skip, 2)
  const withImage = all.items.find((e) => e.fields.thumbnail || e.fields.heroImage || e.fields.images)
  if (withImage) {
    const linked = withImage.fields.thumbnail ?? withImage.fields.heroImage ?? withImage.fields.images[0]
    if (typeof linked === 'object' && linked.sys.type !== 'Link') {
      assert.equal(linked.sys.type, 'Asset')
      assert.match(linked.fields.file.url, /^\/\//)
    }
  }
})

test('getEntry and getAsset return one item; a missing entry rejects with NotFound', async () => {
  const client = delivery()
  const { items } = await client.getEntries({ limit: 1 })
  const entry = await client.getEntry(items[0].sys.id)
  assert.equal(entry.sys.id, items[0].sys.id)
  assert.equal(entry.sys.type, 'Entry')
  const assets = await client.getAssets({ limit: 2 })
  assert.ok(assets.items.length > 0)
  const asset = await client.getAsset(assets.items[0].sys.id)
  assert.equal(asset.sys.type, 'Asset')
  await assert.rejects(client.getEntry('no-such-entry'), (error) => {
    // contentful.js asks /entries?sys.id=… and turns the empty answer into its own NotFound
    assert.equal(error.sys?.id ?? JSON.parse(error.message).sys?.id ?? error.name, 'NotFound')
    return true
  })
})

test('locale=es-ES falls back; withAllLocales returns every locale keyed by code', async () => {
  const client = delivery()
  const spanish = await client.getEntries({ content_type: 'product', locale: 'es-ES', limit: 1000 })
  assert.ok(spanish.items.every((e) => e.sys.locale === 'es-ES'))
  assert.ok(spanish.items.every((e) => typeof e.fields.title === 'string'))
  const all = await client.withAllLocales.getEntries({ content_type: 'product', limit: 1000 })
  assert.ok(all.items.every((e) => e.sys.locale === undefined))
  assert.ok(all.items.every((e) => typeof e.fields.title['en-US'] === 'string'))
  assert.ok(all.items.some((e) => Object.keys(e.fields.title).length > 1))
})

test('include=2 resolves linked entries and assets from includes', async () => {
  const client = delivery()
  const res = await client.getEntries({ content_type: 'product', include: 2, limit: 1000 })
  const links = res.items.flatMap((e) => Object.values(e.fields)).flat().filter((v) => v && typeof v === 'object' && v.sys)
  assert.ok(links.length > 0, 'some product links to an asset')
  assert.ok(links.every((l) => l.sys.type !== 'Link' || l.sys.linkType), 'links are resolved or well formed')
  assert.ok(links.some((l) => l.sys.type === 'Asset' && l.fields), 'an asset is resolved')
})

test('getEntriesWithCursor walks every page with pages.next', async () => {
  const client = delivery()
  const everything = await client.getEntries({ limit: 1000 })
  let page = await client.getEntriesWithCursor({ limit: 3 })
  const seen = [...page.items]
  while (page.pages.next) {
    page = await client.getEntriesWithCursor({ limit: 3, pageNext: page.pages.next })
    seen.push(...page.items)
  }
  assert.deepEqual(seen.map((e) => e.sys.id), everything.items.map((e) => e.sys.id))
})

test('getTags answers the tag collection', async () => {
  const tags = await delivery().getTags()
  assert.ok(Array.isArray(tags.items))
  assert.equal(tags.sys.type, 'Array')
})

test('getContentTypes and getContentType describe the product type', async () => {
  const client = delivery()
  const type = await client.getContentType('product')
  assert.ok(type.fields.some((f) => f.id === 'title'))
  const types = await client.getContentTypes()
  assert.ok(types.items.some((t) => t.sys.id === 'product'))
})

test('the Preview API serves the same catalogue with the preview token', async () => {
  const entries = await preview().getEntries({ content_type: 'product', limit: 1000 })
  const published = await delivery().getEntries({ content_type: 'product', limit: 1000 })
  assert.ok(entries.total >= published.total)
})

test('a draft is on the Preview API and not on the CDA until it is published', async () => {
  const env = await environment()
  const draft = await env.createEntry('product', {
    fields: { medusaId: { 'en-US': 'draft-js' }, title: { 'en-US': 'Draft only' } },
  })
  const seen = await preview().getEntry(draft.sys.id)
  assert.equal(seen.fields.title, 'Draft only')
  await assert.rejects(delivery().getEntry(draft.sys.id))
  await draft.publish()
  assert.equal((await delivery().getEntry(draft.sys.id)).fields.title, 'Draft only')
})

test('a wrong token rejects with AccessTokenInvalid', async () => {
  const client = delivery({ accessToken: 'wrong-token' })
  await assert.rejects(client.getEntries(), (error) => {
    assert.equal(error.name, 'AccessTokenInvalid')
    assert.equal(JSON.parse(error.message).status, 401)
    assert.equal(JSON.parse(error.message).statusText, 'Unauthorized')
    return true
  })
})
