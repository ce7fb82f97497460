import { Rng } from '../../src/seed/prng';
import {
  MX_STATES,
  AREA_CODES,
  address,
  companyName,
  companyRfc,
  isValidMxPhone,
  isValidRfc,
  person,
  personRfc,
  phone,
  pickState,
  postalCode,
  rfcCheckChar,
  stateOfPostalCode,
} from '../../src/seed/mx';
import { LADA, SEPOMEX, prefixMatchesState } from '../helpers/mx-fixtures';

const N = 5000;

describe('Mexican RFC', () => {
  test('the SAT check character of known RFCs', () => {
    // Published examples: a person (13) and a company (12).
    expect(rfcCheckChar('GODE561231GR')).toBe('8');
    expect(isValidRfc('GODE561231GR8')).toBe(true);
    expect(isValidRfc('GODE561231GR9')).toBe(false);
  });

  test(`${N} person RFCs: 13 characters, valid date and check character`, () => {
    const rng = new Rng(1);
    const bad: string[] = [];
    for (let i = 0; i < N; i++) {
      const p = person(rng);
      const birth = new Date(Date.UTC(1950 + rng.int(55), rng.int(12), 1 + rng.int(28)));
      const rfc = personRfc(rng, p.first, p.last1, p.last2, birth);
      if (rfc.length !== 13 || !/^[A-ZÑ&]{4}\d{6}[A-Z0-9]{2}[0-9A]$/.test(rfc) || !isValidRfc(rfc)) bad.push(rfc);
    }
    expect(bad).toEqual([]);
  });

  test(`${N} company RFCs: 12 characters, valid check character`, () => {
    const rng = new Rng(2);
    const bad: string[] = [];
    for (let i = 0; i < N; i++) {
      const c = companyName(rng);
      const rfc = companyRfc(rng, c.business, new Date(Date.UTC(1980 + rng.int(40), rng.int(12), 1 + rng.int(28))));
      if (rfc.length !== 12 || !isValidRfc(rfc)) bad.push(rfc);
    }
    expect(bad).toEqual([]);
  });

  test('a changed character breaks the check', () => {
    const rng = new Rng(3);
    const rfc = companyRfc(rng, 'Comercializadora del Norte S.A. de C.V.', new Date(Date.UTC(2001, 4, 17)));
    expect(rfc.slice(0, 9)).toBe('CNO010517');
    const broken = rfc.slice(0, 10) + (rfc[10] === 'A' ? 'B' : 'A') + rfc.slice(11);
    expect(isValidRfc(broken)).toBe(false);
  });
});

describe('phones, postal codes, states', () => {
  test(`${N} phones are +52 and 10 digits with a real area code`, () => {
    const rng = new Rng(4);
    const bad: string[] = [];
    for (let i = 0; i < N; i++) {
      const s = pickState(rng);
      const c = rng.pick(s.cities);
      const p = phone(rng, c);
      if (!/^\+52\d{10}$/.test(p) || !p.slice(3).startsWith(c.lada) || !isValidMxPhone(p)) bad.push(p);
    }
    expect(bad).toEqual([]);
    expect(isValidMxPhone('+52123456789')).toBe(false); // 9 digits (faker's es_MX shape)
    expect(isValidMxPhone('+520012345678')).toBe(false); // no such area code
    expect(AREA_CODES.has('55') && AREA_CODES.has('33') && AREA_CODES.has('81')).toBe(true);
  });

  test(`${N} postal codes: 5 digits whose prefix belongs to the state`, () => {
    const rng = new Rng(5);
    const bad: string[] = [];
    for (let i = 0; i < N; i++) {
      const a = address(rng);
      const ok =
        /^\d{5}$/.test(a.postalCode) &&
        stateOfPostalCode(a.postalCode)?.name === a.state.name &&
        a.state.cities.includes(a.city) &&
        a.full.includes(a.state.name);
      if (!ok) bad.push(a.full);
    }
    expect(bad).toEqual([]);
  });

  test('the 32 federal entities, prefixes disjoint and within 01-99', () => {
    expect(MX_STATES).toHaveLength(32);
    const seen = new Set<number>();
    for (const s of MX_STATES) {
      for (let p = s.cp[0]; p <= s.cp[1]; p++) {
        expect(seen.has(p)).toBe(false);
        seen.add(p);
      }
      expect(postalCode(new Rng(1), s).length).toBe(5);
    }
    expect(Math.min(...seen)).toBe(1);
    expect(Math.max(...seen)).toBe(99);
  });
});

describe('against independent fixtures (SEPOMEX prefixes, LADA codes written in this test)', () => {
  test('every state has the SEPOMEX prefixes; every city its real LADA', () => {
    expect(Object.keys(SEPOMEX)).toHaveLength(32);
    for (const s of MX_STATES) {
      expect({ state: s.name, cp: s.cp[0] === s.cp[1] ? String(s.cp[0]).padStart(2, '0') : `${String(s.cp[0]).padStart(2, '0')}-${s.cp[1]}` }).toEqual({
        state: s.name,
        cp: SEPOMEX[s.name],
      });
      for (const c of s.cities) expect({ city: c.name, lada: c.lada }).toEqual({ city: c.name, lada: LADA[c.name] });
    }
  });

  test(`${N} addresses and phones: postal prefix of the state, phone of the city's LADA`, () => {
    const rng = new Rng(6);
    const bad: string[] = [];
    for (let i = 0; i < N; i++) {
      const a = address(rng);
      const p = phone(rng, a.city);
      const lada = LADA[a.city.name];
      if (!prefixMatchesState(a.postalCode, a.state.name)) bad.push(`${a.postalCode} ${a.state.name}`);
      if (!lada || !new RegExp(`^\\+52${lada}[2-9]\\d{${9 - lada.length}}$`).test(p)) bad.push(`${p} ${a.city.name}`);
    }
    expect(bad).toEqual([]);
    expect(prefixMatchesState('06700', 'Ciudad de México')).toBe(true); // Roma Norte
    expect(prefixMatchesState('44100', 'Ciudad de México')).toBe(false); // Guadalajara
  });
});
