// Clients of the official SDKs pointed at the sandbox whose URLs the pytest driver put in env.
import { createClient } from 'contentful'
import contentfulManagement from 'contentful-management'
import Medusa from '@medusajs/js-sdk'

export const env = (name) => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run this suite through pytest tests/sdk`)
  return value
}

const hostOf = (url) => new URL(url).host // "127.0.0.1:PORT", the form the SDKs take

export const SPACE = () => env('CONTENTFUL_SPACE_ID')

export function delivery(options = {}) {
  return createClient({
    space: SPACE(),
    environment: 'master',
    accessToken: env('CONTENTFUL_DELIVERY_TOKEN'),
    host: hostOf(env('CONTENTFUL_CDA_URL')),
    insecure: true,
    ...options,
  })
}

export function preview(options = {}) {
  return delivery({
    accessToken: env('CONTENTFUL_PREVIEW_TOKEN'),
    host: hostOf(env('CONTENTFUL_PREVIEW_URL')),
    ...options,
  })
}

// The sandbox serves the Upload API on the CMA's port (Contentful: upload.contentful.com).
const cmaParams = () => ({
  accessToken: env('CONTENTFUL_MANAGEMENT_TOKEN'),
  host: hostOf(env('CONTENTFUL_CMA_URL')),
  hostUpload: hostOf(env('CONTENTFUL_CMA_URL')),
  insecure: true,
})

export function management(options = {}) {
  return contentfulManagement.createClient({ ...cmaParams(), ...options })
}

// The plain (non-chained) CMA client with the space and environment filled in.
export function plainManagement(options = {}) {
  return contentfulManagement.createClient(
    { ...cmaParams(), ...options },
    { type: 'plain', defaults: { spaceId: SPACE(), environmentId: 'master' } },
  )
}

export async function environment() {
  const space = await management().getSpace(SPACE())
  return space.getEnvironment('master')
}

export function medusa(options = {}) {
  return new Medusa({
    baseUrl: env('MEDUSA_URL'),
    publishableKey: env('MEDUSA_PUBLISHABLE_KEY'),
    ...options,
  })
}

// Change the sandbox CMA's per-second limit (the sandbox's own control route).
export async function setCmaRateLimit(perSecond) {
  const response = await fetch(`${env('CONTENTFUL_CMA_URL')}/_sandbox/ratelimit`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ per_second: perSecond }),
  })
  if (!response.ok) throw new Error(`rate limit control answered ${response.status}`)
}

export const unique = (prefix) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`
