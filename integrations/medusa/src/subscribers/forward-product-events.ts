/**
 * Forwards Medusa product, variant, inventory-level, collection, category and order.placed events
 * to the storefront's sync.
 *
 * Install: copy this file into a Medusa 2.x project's `src/subscribers/` and add `ioredis` to
 * its dependencies. Each event is appended to the Redis stream `medusa:events` (fields `event`,
 * `id`, `payload`), which the sync worker reads through the consumer group `storefront-sync`.
 * No MAXLEN trimming: an event the worker has not acknowledged yet must never be trimmed away.
 * The stream therefore grows; trim only entries every consumer has acknowledged (see README).
 *
 * Optional: when STOREFRONT_MEDUSA_HOOK_URL is set (e.g. https://shop.example/hooks/medusa),
 * the same message is also POSTed there, signed with MEDUSA_WEBHOOK_SECRET:
 *   X-Medusa-Timestamp: <ms since epoch>
 *   X-Medusa-Signature: hex(HMAC-SHA256(secret, timestamp + "." + body))
 * Use the HTTP path when the storefront cannot reach the Redis Medusa writes to.
 *
 * Environment: STOREFRONT_EVENTS_REDIS_URL (defaults to REDIS_URL), STOREFRONT_MEDUSA_HOOK_URL,
 * MEDUSA_WEBHOOK_SECRET.
 */
import { createHmac } from "node:crypto"
import Redis from "ioredis"
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"

const STREAM = "medusa:events"
const redisUrl = process.env.STOREFRONT_EVENTS_REDIS_URL || process.env.REDIS_URL
const hookUrl = process.env.STOREFRONT_MEDUSA_HOOK_URL
const hookSecret = process.env.MEDUSA_WEBHOOK_SECRET || ""

let redis: Redis | undefined

function client(): Redis | undefined {
  if (!redisUrl) {
    return undefined
  }
  if (!redis) {
    // Offline queueing keeps commands issued during a reconnect instead of failing them.
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 20, enableOfflineQueue: true })
  }
  return redis
}

async function post(body: string): Promise<void> {
  if (!hookUrl) {
    return
  }
  const timestamp = Date.now().toString()
  const signature = createHmac("sha256", hookSecret).update(`${timestamp}.${body}`).digest("hex")
  const response = await fetch(hookUrl, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Medusa-Timestamp": timestamp,
      "X-Medusa-Signature": signature,
    },
    body,
  })
  if (response.status !== 202) {
    throw new Error(`storefront hook answered ${response.status}: ${await response.text()}`)
  }
}

export default async function forwardProductEvents({
  event,
  container,
}: SubscriberArgs<{ id: string }>): Promise<void> {
  const logger = container.resolve("logger")
  const message = {
    event: event.name,
    id: event.data.id,
    data: event.data,
    metadata: event.metadata,
    ts: new Date().toISOString(),
  }
  const body = JSON.stringify(message)
  try {
    const stream = client()
    if (stream) {
      await stream.xadd(STREAM, "*", "event", event.name, "id", event.data.id, "payload", body)
    }
    await post(body)
  } catch (error) {
    // Throwing makes Medusa's event bus retry the subscriber (with the Redis event bus module).
    logger.error(`forward-product-events: ${event.name} ${event.data.id}: ${error}`)
    throw error
  }
}

export const config: SubscriberConfig = {
  event: [
    "product.created",
    "product.updated",
    "product.deleted",
    "product-variant.created",
    "product-variant.updated",
    "product-variant.deleted",
    "inventory-level.created",
    "inventory-level.updated",
    "inventory-level.deleted",
    "product-collection.created",
    "product-collection.updated",
    "product-collection.deleted",
    "product-category.created",
    "product-category.updated",
    "product-category.deleted",
    "order.placed",
  ],
  context: { subscriberId: "storefront-forward-product-events" },
}
