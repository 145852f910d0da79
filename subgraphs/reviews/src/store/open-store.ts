// Chooses the store: PostgreSQL when DATABASE_URL is set, otherwise the SQLite file.
import type { Logger } from "@sentiment/platform";
import type { ReviewsConfig } from "../config.js";
import { openPostgresStore } from "./postgres-store.js";
import type { ReviewStore } from "./review-store.js";
import { openSqliteStore } from "./sqlite-store.js";

export async function openStore(config: ReviewsConfig, logger: Logger): Promise<ReviewStore> {
  if (config.DATABASE_URL) {
    return openPostgresStore(config.DATABASE_URL, config.DATABASE_POOL_SIZE, {
      onIdleConnectionError: (error) => logger.warn({ err: { message: error.message, code: (error as { code?: string }).code } }, "lost an idle database connection; the pool opens a new one when needed"),
    });
  }
  return openSqliteStore(config.SQLITE_PATH);
}
