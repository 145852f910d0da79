import { describe, expect, it } from "vitest";
import { isGraphqlPath, operationalRoute } from "./routing.js";

describe("operationalRoute", () => {
  it("names the probes", () => {
    expect(operationalRoute("/healthz", true)).toBe("healthz");
    expect(operationalRoute("/readyz", false)).toBe("readyz");
  });

  it("serves /metrics only where metrics are served on this port", () => {
    expect(operationalRoute("/metrics", true)).toBe("metrics");
    expect(operationalRoute("/metrics", false)).toBeNull();
  });

  it("matches whole paths only", () => {
    expect(operationalRoute("/healthz/", true)).toBeNull();
    expect(operationalRoute("/HEALTHZ", true)).toBeNull();
    expect(operationalRoute("/graphql", true)).toBeNull();
  });
});

describe("isGraphqlPath", () => {
  it("is /graphql and the root", () => {
    expect(isGraphqlPath("/graphql")).toBe(true);
    expect(isGraphqlPath("/")).toBe(true);
    expect(isGraphqlPath("/graphql/x")).toBe(false);
  });
});
