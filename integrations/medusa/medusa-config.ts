/**
 * The smallest Medusa 2.21 project the storefront's real-Medusa tests need: Postgres, the Redis
 * event bus (so our subscriber's retries go through BullMQ as in production) and no admin
 * dashboard (skips the Vite build; the Admin *API* still answers). `up.sh` sets the variables.
 */
import { defineConfig, loadEnv, Modules } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379"
const cors = process.env.MEDUSA_CORS || "http://127.0.0.1:8000,http://localhost:8000"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    http: {
      storeCors: cors,
      adminCors: cors,
      authCors: cors,
      // Loopback-only test infrastructure: dev secrets, overridable from the environment.
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: { disable: true },
  modules: [
    {
      resolve: "@medusajs/medusa/event-bus-redis",
      key: Modules.EVENT_BUS,
      options: { redisUrl },
    },
  ],
})
