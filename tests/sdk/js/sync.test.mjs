// contentful.js sync() as a sync tool drives it: an initial sync, then deltas by token.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { delivery, environment, unique } from './helpers.mjs'

async function newPublishedProduct(env, title) {
  const entry = await env.createEntryWithId('product', unique('sync'), {
    fields: { medusaId: { 'en-US': unique('m') }, title: { 'en-US': title } },
  })
  return entry.publish()
}

test('an initial sync, then a delta with a new entry and a deletion, then nothing', async () => {
  const client = delivery()
  const first = await client.sync({ initial: true })
  assert.ok(first.entries.length > 3 && first.assets.length > 0)
  assert.equal(first.deletedEntries.length, 0)
  assert.ok(first.nextSyncToken)
  assert.equal(typeof first.entries[0].fields.title['en-US'], 'string') // every locale

  const env = await environment()
  const added = await newPublishedProduct(env, 'Synced from JS')
  const gone = await env.getEntry(first.entries[0].sys.id)
  await gone.unpublish()

  const delta = await client.sync({ nextSyncToken: first.nextSyncToken })
  assert.deepEqual(delta.entries.map((e) => e.sys.id), [added.sys.id])
  assert.equal(delta.entries[0].fields.title['en-US'], 'Synced from JS')
  assert.deepEqual(delta.deletedEntries.map((e) => e.sys.id), [gone.sys.id])
  assert.equal(delta.deletedEntries[0].sys.type, 'DeletedEntry')

  const quiet = await client.sync({ nextSyncToken: delta.nextSyncToken })
  assert.equal(quiet.entries.length + quiet.deletedEntries.length + quiet.assets.length, 0)
})

test('small pages are followed to the same result; paginate:false stops at nextPageToken', async () => {
  const client = delivery()
  const whole = await client.sync({ initial: true })
  const paged = await client.sync({ initial: true, limit: 2 })
  assert.deepEqual(paged.entries.map((e) => e.sys.id), whole.entries.map((e) => e.sys.id))
  assert.deepEqual(paged.assets.map((a) => a.sys.id), whole.assets.map((a) => a.sys.id))
  const one = await client.sync({ initial: true, limit: 2 }, { paginate: false })
  assert.ok(one.nextPageToken && !one.nextSyncToken)
  assert.equal(one.entries.length + one.assets.length, 2)
})

test('type=Entry with content_type syncs only those entries, in deltas too', async () => {
  const client = delivery()
  const first = await client.sync({ initial: true, type: 'Entry', content_type: 'product' })
  assert.equal(first.assets.length, 0)
  assert.ok(first.entries.every((e) => e.sys.contentType.sys.id === 'product'))
  const env = await environment()
  const added = await newPublishedProduct(env, 'Only products')
  const delta = await client.sync({ nextSyncToken: first.nextSyncToken })
  assert.deepEqual(delta.entries.map((e) => e.sys.id), [added.sys.id])
})

test('a deletion-only initial sync lists deleted assets', async () => {
  const env = await environment()
  const assets = await env.getAssets({ limit: 1 })
  const asset = await assets.items[0].unpublish()
  await asset.delete()
  const deletions = await delivery().sync({ initial: true, type: 'Deletion' })
  assert.deepEqual(deletions.deletedAssets.map((a) => a.sys.id), [asset.sys.id])
  assert.equal(deletions.entries.length, 0)
})
