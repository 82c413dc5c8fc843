import { describe, expect, it } from "vitest";
import { fitLogistic, predictProbability, sigmoid } from "../../src/model/logistic.js";
import { seededRandom } from "../../src/random.js";

describe("fitLogistic", () => {
  it("recovers the weights that generated the labels", () => {
    const random = seededRandom(7);
    const truth = { bias: -0.5, weights: [2, -1, 0] };
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const row = [random() * 2 - 1, random() * 2 - 1, random() * 2 - 1];
      const z = truth.bias + row.reduce((s, x, j) => s + x * (truth.weights[j] as number), 0);
      rows.push(row);
      labels.push(random() < sigmoid(z) ? 1 : 0);
    }
    const model = fitLogistic(["a", "b", "noise"], rows, labels, { l2: 0 });
    // Weights are on standardised features: undo the scaling to compare with the truth.
    const raw = model.weights.map((w, j) => w / (model.scales[j] as number));
    expect(raw[0]).toBeCloseTo(2, 0);
    expect(raw[1]).toBeCloseTo(-1, 0);
    expect(Math.abs(raw[2] as number)).toBeLessThan(0.15);
    expect(predictProbability(model, [1, -1, 0])).toBeCloseTo(sigmoid(-0.5 + 2 + 1), 1);
  });

  it("says so when it cannot converge, rather than returning half-fitted weights", () => {
    expect(() => fitLogistic(["x"], [[0], [1], [2], [3]], [0, 0, 1, 1], { l2: 0, maxIterations: 3 })).toThrow(
      /did not converge/,
    );
  });

  it("keeps weights finite when the classes separate perfectly, thanks to the penalty", () => {
    const model = fitLogistic(["x"], [[0], [1], [2], [3]], [0, 0, 1, 1], { l2: 1 });
    expect(Number.isFinite(model.weights[0])).toBe(true);
    expect(predictProbability(model, [3])).toBeGreaterThan(0.5);
    expect(predictProbability(model, [0])).toBeLessThan(0.5);
  });

  it("refuses rows without labels", () => {
    expect(() => fitLogistic(["x"], [[1]], [])).toThrow(/one label per row/);
  });
});
