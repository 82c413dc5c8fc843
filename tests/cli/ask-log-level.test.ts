import { describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.js";

describe("npm run ask with a bad LOG_LEVEL", () => {
  it("says what is wrong, as npm start does, without a stack trace", async () => {
    const { code, stdout, stderr } = await runScript("src/cli/ask.ts", ["Kapan Double Eleven?"], {
      env: { LOG_LEVEL: "junk" },
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      'Configuration problem:\n  - LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (it is "junk")\n',
    );
  });

  it("reads the level in any case, as npm start does", async () => {
    const { code, stderr } = await runScript("src/cli/ask.ts", ["Kapan Double Eleven?"], {
      env: { LOG_LEVEL: "WARN" },
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
