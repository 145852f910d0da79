// Schema migrations, applied in order at start-up and recorded in schema_migrations.
// Each entry is written once for both dialects; never edit an applied one, add a new one.
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "create reviews",
    sqlite: `CREATE TABLE reviews (
      position INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      text TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
    postgres: `CREATE TABLE reviews (
      position BIGSERIAL PRIMARY KEY,
      id UUID NOT NULL UNIQUE,
      text TEXT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`,
  },
];
