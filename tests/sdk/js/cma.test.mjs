// contentful-management.js as a sync tool and an editor's script call it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { once } from 'node:events'
import { environment, management, plainManagement, setCmaRateLimit, unique, SPACE } from './helpers.mjs'

const productFields = (title) => ({
  medusaId: { 'en-US': unique('m') },
  title: { 'en-US': title, 'de-DE': `${title} (de)` },
})

test('an entry goes through create, update, publish, unpublish, archive, unarchive, delete', async () => {
  const env = await environment()
  let entry = await env.createEntry('product', { fields: productFields('Lifecycle') })
  assert.equal(entry.sys.version, 1)
  entry.fields.title['es-ES'] = 'Ciclo de vida'
  entry = await entry.update()
  assert.equal(entry.sys.version, 2)
  assert.equal(entry.fields.title['de-DE'], 'Lifecycle (de)') // nothing lost
  entry = await entry.publish()
  assert.ok(entry.isPublished())
  assert.equal(entry.sys.publishedVersion, 2)
  entry = await entry.unpublish()
  assert.ok(entry.isDraft())
  entry = await entry.archive()
  assert.ok(entry.isArchived())
  entry = await entry.unarchive()
  await entry.delete()
  await assert.rejects(env.getEntry(entry.sys.id), (error) => error.name === 'NotFound')
})

test('an update with a stale version rejects with VersionMismatch (HTTP 409 Conflict)', async () => {
  const env = await environment()
  const entry = await env.createEntry('product', { fields: productFields('Stale') })
  const copy = await env.getEntry(entry.sys.id)
  entry.fields.title['en-US'] = 'First writer'
  await entry.update()
  copy.fields.title['en-US'] = 'Second writer'
  await assert.rejects(copy.update(), (error) => {
    assert.equal(error.name, 'VersionMismatch')
    const details = JSON.parse(error.message)
    assert.equal(details.status, 409)
    assert.equal(details.statusText, 'Conflict')
    return true
  })
  const stored = await env.getEntry(entry.sys.id)
  assert.equal(stored.fields.title['en-US'], 'First writer')
})

test('five parallel updates with one version: exactly one succeeds, four get VersionMismatch', async () => {
  const client = plainManagement()
  const env = await environment()
  const created = await env.createEntry('product', { fields: productFields('Race') })
  for (let round = 0; round < 5; round++) {
    const current = await client.entry.get({ entryId: created.sys.id })
    const writes = [0, 1, 2, 3, 4].map((i) => client.entry.update(
      { entryId: created.sys.id },
      { ...current, fields: { ...current.fields, title: { 'en-US': `writer ${i}` } } },
    ))
    const results = await Promise.allSettled(writes)
    const won = results.filter((r) => r.status === 'fulfilled')
    const lost = results.filter((r) => r.status === 'rejected')
    assert.equal(won.length, 1, `round ${round}: ${won.length} writers won`)
    assert.ok(lost.every((r) => r.reason.name === 'VersionMismatch'))
    const stored = await client.entry.get({ entryId: created.sys.id })
    assert.equal(stored.sys.version, current.sys.version + 1)
    assert.deepEqual(stored.fields.title, won[0].value.fields.title)
  }
})

test('an asset with files in two locales is uploaded, processed for all locales and published', async () => {
  const env = await environment()
  const svg = (w) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="10"></svg>`)
  let asset = await env.createAssetFromFiles({
    fields: {
      title: { 'en-US': 'Two files', 'de-DE': 'Zwei Dateien' },
      file: {
        'en-US': { contentType: 'image/svg+xml', fileName: 'en.svg', file: svg(20) },
        'de-DE': { contentType: 'image/svg+xml', fileName: 'de.svg', file: svg(30) },
      },
    },
  })
  assert.ok(asset.fields.file['en-US'].uploadFrom.sys.id)
  asset = await asset.processForAllLocales({ processingCheckWait: 50 })
  const fresh = await env.getAsset(asset.sys.id)
  assert.deepEqual(Object.keys(fresh.fields.file).sort(), ['de-DE', 'en-US'])
  assert.equal(fresh.fields.file['de-DE'].details.image.width, 30)
  assert.equal(fresh.fields.file['en-US'].details.image.width, 20)
  const published = await fresh.publish()
  assert.ok(published.isPublished())
  const served = await fetch(`http:${published.fields.file['de-DE'].url}`)
  assert.equal(served.status, 200)
  assert.match(await served.text(), /width="30"/)
})

test('webhooks are created, listed, updated and deleted', async () => {
  const space = await management().getSpace(SPACE())
  const hook = await space.createWebhook({
    name: 'storefront', url: 'http://127.0.0.1:9/hooks/contentful', topics: ['Entry.publish'],
    filters: [{ equals: [{ doc: 'sys.environment.sys.id' }, 'master'] }],
  })
  assert.equal(hook.sys.type, 'WebhookDefinition')
  const listed = await space.getWebhooks()
  assert.ok(listed.items.some((w) => w.sys.id === hook.sys.id))
  hook.topics = ['Entry.*']
  const updated = await hook.update()
  assert.deepEqual(updated.topics, ['Entry.*'])
  await updated.delete()
  await assert.rejects(space.getWebhook(hook.sys.id), (error) => error.name === 'NotFound')
})

test('a webhook definition made with the SDK is called on publish with the recorded headers', async () => {
  const calls = []
  const receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => { body += chunk })
    req.on('end', () => { calls.push({ headers: req.headers, body: JSON.parse(body) }); res.end('ok') })
  })
  receiver.listen(0, '127.0.0.1')
  await once(receiver, 'listening')
  try {
    const space = await management().getSpace(SPACE())
    const url = `http://127.0.0.1:${receiver.address().port}/hooks/contentful`
    const hook = await space.createWebhook({ name: 'receiver', url, topics: ['Entry.publish'] })
    const env = await environment()
    const entry = await env.createEntry('product', { fields: productFields('Announced') })
    await entry.publish()
    for (let i = 0; i < 100 && calls.length === 0; i++) await new Promise((r) => setTimeout(r, 50))
    assert.equal(calls.length, 1)
    const [call] = calls
    assert.equal(call.headers['x-contentful-topic'], 'ContentManagement.Entry.publish')
    assert.equal(call.headers['x-contentful-webhook-name'], 'receiver')
    assert.equal(call.body.sys.id, entry.sys.id)
    assert.equal(call.body.fields.title['de-DE'], 'Announced (de)')
    await hook.delete()
  } finally {
    receiver.close()
  }
})

test('tags are created and listed', async () => {
  const env = await environment()
  const id = unique('tag').replace(/-/g, '')
  const tag = await env.createTag(id, `Tag ${id}`, 'public')
  assert.equal(tag.sys.visibility, 'public')
  const tags = await env.getTags()
  assert.ok(tags.items.some((t) => t.sys.id === id))
})

test('the SDK raises Contentful error classes: InvalidEntry, NotFound, AccessTokenInvalid, RateLimitExceeded', async () => {
  const env = await environment()
  await assert.rejects(
    env.createEntry('product', { fields: { noSuchField: { 'en-US': 1 } } }),
    (error) => error.name === 'InvalidEntry' && JSON.parse(error.message).status === 422,
  )
  await assert.rejects(env.getEntry('missing-entry'), (error) => error.name === 'NotFound')
  await assert.rejects(
    management({ accessToken: 'CFPAT-wrong' }).getSpace(SPACE()),
    (error) => error.name === 'AccessTokenInvalid',
  )
  const space = await management({ retryOnError: false }).getSpace(SPACE())
  await setCmaRateLimit(1)
  try {
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => space.getEnvironment('master')))
    const limited = results.filter((r) => r.status === 'rejected')
    assert.ok(limited.length >= 1, 'some call was limited')
    assert.ok(limited.every((r) => r.reason.name === 'RateLimitExceeded'))
    assert.equal(JSON.parse(limited[0].reason.message).statusText, 'Too Many Requests')
  } finally {
    await setCmaRateLimit(0)
  }
})

test('a JSON Patch writes one locale and leaves the others', async () => {
  const client = plainManagement()
  const env = await environment()
  const created = await env.createEntry('product', { fields: productFields('Patched') })
  const patched = await client.entry.patch(
    { entryId: created.sys.id, version: created.sys.version },
    [{ op: 'add', path: '/fields/title/es-ES', value: 'Parcheado' }],
  )
  assert.deepEqual(patched.fields.title, { 'en-US': 'Patched', 'de-DE': 'Patched (de)', 'es-ES': 'Parcheado' })
  assert.equal(patched.sys.version, created.sys.version + 1)
})

test('under a 2 requests/s limit the SDK retries its 429s and every call succeeds', async () => {
  const env = await environment()
  const logged = []
  await setCmaRateLimit(2)
  try {
    const client = management({ logHandler: (level, data) => logged.push(`${level} ${data}`) })
    const space = await client.getSpace(SPACE())
    const calls = Array.from({ length: 6 }, () => space.getEnvironment('master'))
    const results = await Promise.all(calls)
    assert.equal(results.length, 6)
    assert.ok(logged.some((line) => /Rate limit/i.test(line)), logged.join('\n'))
  } finally {
    await setCmaRateLimit(0)
  }
  assert.ok(env)
})
