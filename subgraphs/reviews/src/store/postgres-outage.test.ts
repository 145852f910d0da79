import pg from "pg";
import { describe, expect, it } from "vitest";
import { isOutage } from "./postgres-outage.js";

const databaseError = (code: string) => Object.assign(new pg.DatabaseError("server error", 0, "error"), { code });
const systemError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe("which PostgreSQL errors are an outage", () => {
  it("counts lost, refused and terminated connections, shutdowns and overload", () => {
    for (const error of [
      databaseError("57P01"), // terminated by pg_terminate_backend / administrator
      databaseError("57P03"), // starting up or shutting down
      databaseError("08006"),
      databaseError("53300"),
      systemError("ECONNREFUSED"),
      systemError("ECONNRESET"),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Query read timeout"),
    ]) {
      expect(isOutage(error), String((error as { code?: string }).code ?? error.message)).toBe(true);
    }
  });

  it("does not count errors of the query itself, which are bugs to log", () => {
    for (const error of [databaseError("42601"), databaseError("23505"), databaseError("22P02"), new TypeError("x is not a function"), "a string"]) {
      expect(isOutage(error)).toBe(false);
    }
  });
});
