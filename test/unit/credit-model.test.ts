import { Rng } from '../../src/seed/prng';
import {
  SCORE_MAX,
  SCORE_MIN,
  annualRate,
  approvalProbability,
  approvedShare,
  behaviourOf,
  behaviourShares,
  defaultProbability,
  normal,
  riskCategory,
  scoreOf,
} from '../../seeds/microcredit_db/model';

/** The credit model's shape, from the business rules: better scores are cheaper, likelier and safer. */
describe('credit model', () => {
  const scores = Array.from({ length: (SCORE_MAX - SCORE_MIN) / 10 + 1 }, (_, k) => SCORE_MIN + 10 * k);

  test('approval probability rises with the score; the rate falls; the approved share never exceeds the request', () => {
    for (let k = 1; k < scores.length; k++) {
      expect(approvalProbability(scores[k])).toBeGreaterThan(approvalProbability(scores[k - 1]));
      expect(annualRate(scores[k], 0.5)).toBeLessThanOrEqual(annualRate(scores[k - 1], 0.5));
    }
    expect(approvalProbability(400)).toBeLessThan(0.05);
    expect(approvalProbability(780)).toBeGreaterThan(0.9);
    const rng = new Rng(5);
    for (let i = 0; i < 5000; i++) {
      const s = SCORE_MIN + rng.int(SCORE_MAX - SCORE_MIN + 1);
      const share = approvedShare(s, rng.float());
      expect(share).toBeGreaterThan(0);
      expect(share).toBeLessThanOrEqual(1);
      const r = annualRate(s, rng.float());
      expect(r).toBeGreaterThanOrEqual(0.18);
      expect(r).toBeLessThan(0.8);
    }
    expect(approvedShare(800, 0.5)).toBe(1);
    expect(approvedShare(520, 0.5)).toBeLessThan(0.5);
  });

  test('repayment behaviour shares sum to one; default and lateness fall with the score', () => {
    for (let k = 0; k < scores.length; k++) {
      const s = behaviourShares(scores[k]);
      expect(s.default + s.partial + s.late + s.on_time).toBeCloseTo(1, 10);
      expect(Math.min(s.default, s.partial, s.late, s.on_time)).toBeGreaterThan(0);
      if (k) {
        const p = behaviourShares(scores[k - 1]);
        expect(s.default).toBeLessThan(p.default);
        expect(s.late).toBeLessThan(p.late);
        expect(s.on_time).toBeGreaterThan(p.on_time);
      }
    }
    expect(defaultProbability(450)).toBeGreaterThan(0.3);
    expect(defaultProbability(800)).toBeLessThan(0.05);
    // Drawn behaviours follow the shares.
    const rng = new Rng(6);
    let defaults = 0;
    for (let i = 0; i < 20_000; i++) if (behaviourOf(560, rng.float()) === 'default') defaults++;
    expect(defaults / 20_000).toBeCloseTo(behaviourShares(560).default, 1);
  });

  test('scores: a bell over 300-850 around 640; risk categories by score', () => {
    const rng = new Rng(7);
    const xs = Array.from({ length: 20_000 }, () => scoreOf(normal(rng), normal(rng)));
    const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(620);
    expect(mean).toBeLessThan(660);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(300);
    expect(Math.max(...xs)).toBeLessThanOrEqual(850);
    expect(xs.filter((x) => x < 500).length / xs.length).toBeLessThan(0.1);
    expect([riskCategory(800), riskCategory(680), riskCategory(600), riskCategory(450)]).toEqual(['low', 'medium', 'high', 'very_high']);
  });
});
