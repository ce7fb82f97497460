/** Reducing-balance amortisation, rounded to cents the way a loan system posts it. */
export interface Installment {
  number: number;
  payment: number;
  principal: number;
  interest: number;
  remaining: number;
}

export const r2 = (x: number) => Math.round(x * 100) / 100;

export function monthlyPayment(principal: number, annualRate: number, months: number): number {
  const r = annualRate / 12;
  if (r === 0) return r2(principal / months);
  return r2((principal * r) / (1 - Math.pow(1 + r, -months)));
}

/** The schedule: equal payments; the last one settles the rest so the balance ends at 0. */
export function amortize(principal: number, annualRate: number, months: number): Installment[] {
  const r = annualRate / 12;
  const pay = monthlyPayment(principal, annualRate, months);
  const out: Installment[] = [];
  let bal = r2(principal);
  for (let k = 1; k <= months; k++) {
    const interest = r2(bal * r);
    const principalPart = k === months ? bal : r2(Math.min(bal, pay - interest));
    const payment = r2(principalPart + interest);
    bal = r2(bal - principalPart);
    out.push({ number: k, payment, principal: principalPart, interest, remaining: bal });
  }
  return out;
}

export function addMonthsUtc(d: Date, months: number): Date {
  const day = d.getUTCDate();
  const x = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), Math.min(day, last)));
}

export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
