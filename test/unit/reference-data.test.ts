import { Rfc } from '@nodecfdi/rfc';
import { Rng } from '../../src/seed/prng';
import {
  CITIES,
  STATES,
  addressIn,
  cityByName,
  cityByWeight,
  cityOfPostalCode,
  localTimeToUtc,
  metroOf,
  phoneIn,
  stateByCode,
  utcOffsetMinutes,
  utcToLocal,
} from '../../src/seed/geo';
import { emailFor, personName, usernameFor } from '../../src/seed/names';
import { SECTORS, companyIn, moralRfc, rfcInitials } from '../../src/seed/companies';
import { catalogue, productFor } from '../../src/seed/catalogue';
import { personRfc } from '../../src/seed/mx';
import { LADA, prefixMatchesState } from '../helpers/mx-fixtures';

/** Great-circle distance, km. */
const km = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => {
  const r = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * r) / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lng - a.lng) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
};

describe('geography against an independent fixture', () => {
  test('INEGI codes of the federal entities', () => {
    // INEGI's Marco Geoestadístico: entity codes (alphabetical order of the 1980s names).
    const inegi: Record<string, string> = {
      '01': 'Aguascalientes',
      '02': 'Baja California',
      '05': 'Coahuila',
      '07': 'Chiapas',
      '08': 'Chihuahua',
      '09': 'Ciudad de México',
      '14': 'Jalisco',
      '15': 'Estado de México',
      '19': 'Nuevo León',
      '23': 'Quintana Roo',
      '26': 'Sonora',
      '30': 'Veracruz',
      '31': 'Yucatán',
      '32': 'Zacatecas',
    };
    expect(STATES).toHaveLength(32);
    for (const [code, name] of Object.entries(inegi)) expect(stateByCode(code)?.name).toBe(name);
    expect(new Set(STATES.map((s) => s.code)).size).toBe(32);
  });

  test('known postal codes belong to their city and state', () => {
    const known: Array<[string, string, string]> = [
      ['06700', 'Ciudad de México', 'Ciudad de México'],
      ['44100', 'Guadalajara', 'Jalisco'],
      ['64000', 'Monterrey', 'Nuevo León'],
      ['22000', 'Tijuana', 'Baja California'],
      ['97000', 'Mérida', 'Yucatán'],
      ['76000', 'Querétaro', 'Querétaro'],
      ['72000', 'Puebla', 'Puebla'],
      ['77500', 'Cancún', 'Quintana Roo'],
      ['83000', 'Hermosillo', 'Sonora'],
      ['20000', 'Aguascalientes', 'Aguascalientes'],
      ['45100', 'Zapopan', 'Jalisco'],
      ['32000', 'Ciudad Juárez', 'Chihuahua'],
    ];
    for (const [cp, city, state] of known) expect([cp, cityOfPostalCode(cp)?.name, cityOfPostalCode(cp)?.state.name]).toEqual([cp, city, state]);
  });

  test('every colonia: its postal code lies in its city range and its state (SEPOMEX prefixes), its centre within 40 km of the city', () => {
    const bad: string[] = [];
    for (const c of CITIES) {
      expect(c.colonias.length).toBeGreaterThan(0);
      for (const col of c.colonias) {
        const n = Number(col.postalCode);
        if (n < c.cp[0] || n > c.cp[1] || !prefixMatchesState(col.postalCode, c.state.name)) bad.push(`${col.name} ${col.postalCode} ${c.name}`);
        if (km(col, c) > 40) bad.push(`${col.name} is ${km(col, c).toFixed(0)} km from ${c.name}`);
      }
    }
    expect(bad).toEqual([]);
    expect(CITIES.find((c) => c.name === 'Ciudad de México')!.colonias.map((x) => x.name)).toEqual(
      expect.arrayContaining(['Roma Norte', 'Condesa', 'Polanco V Sección']),
    );
  });

  test('time zones of the cities', () => {
    const tz: Record<string, string> = {
      Tijuana: 'America/Tijuana',
      Mexicali: 'America/Tijuana',
      Hermosillo: 'America/Hermosillo',
      'Ciudad Juárez': 'America/Ciudad_Juarez',
      Chihuahua: 'America/Chihuahua',
      Mazatlán: 'America/Mazatlan',
      'La Paz': 'America/Mazatlan',
      Cancún: 'America/Cancun',
      Mérida: 'America/Merida',
      Monterrey: 'America/Monterrey',
      Reynosa: 'America/Matamoros',
      Guadalajara: 'America/Mexico_City',
      'Ciudad de México': 'America/Mexico_City',
      Puebla: 'America/Mexico_City',
    };
    for (const [city, zone] of Object.entries(tz)) expect([city, cityByName(city)?.tz]).toEqual([city, zone]);
  });

  test('UTC offsets in winter and summer: Tijuana follows US DST, Mexico City none since 2022', () => {
    const jan = Date.UTC(2025, 0, 15, 12),
      jul = Date.UTC(2025, 6, 15, 12);
    expect([utcOffsetMinutes('America/Mexico_City', jan), utcOffsetMinutes('America/Mexico_City', jul)]).toEqual([-360, -360]);
    expect([utcOffsetMinutes('America/Tijuana', jan), utcOffsetMinutes('America/Tijuana', jul)]).toEqual([-480, -420]);
    expect([utcOffsetMinutes('America/Hermosillo', jan), utcOffsetMinutes('America/Hermosillo', jul)]).toEqual([-420, -420]);
    expect([utcOffsetMinutes('America/Cancun', jan), utcOffsetMinutes('America/Cancun', jul)]).toEqual([-300, -300]);
    expect(utcOffsetMinutes('America/Mexico_City', Date.UTC(2021, 6, 15, 12))).toBe(-300); // summer time until 2022
    // 08:00 on the clock
    expect(localTimeToUtc('America/Mexico_City', 2025, 7, 15, 8, 0).toISOString()).toBe('2025-07-15T14:00:00.000Z');
    expect(localTimeToUtc('America/Tijuana', 2025, 7, 15, 8, 0).toISOString()).toBe('2025-07-15T15:00:00.000Z');
    expect(localTimeToUtc('America/Tijuana', 2025, 1, 15, 8, 0).toISOString()).toBe('2025-01-15T16:00:00.000Z');
    // US changes (2025-03-09 and 2025-11-02): skipped 02:30 moves on, repeated 01:30 is the first one
    expect(localTimeToUtc('America/Tijuana', 2025, 3, 9, 2, 30).toISOString()).toBe('2025-03-09T10:30:00.000Z');
    expect(localTimeToUtc('America/Tijuana', 2025, 11, 2, 1, 30).toISOString()).toBe('2025-11-02T08:30:00.000Z');
    expect(localTimeToUtc('America/Tijuana', 2025, 11, 2, 3, 0).toISOString()).toBe('2025-11-02T11:00:00.000Z');
  });

  test('local ↔ UTC agrees with Intl for random instants in every zone', () => {
    const zones = [...new Set(CITIES.map((c) => c.tz))];
    const rng = new Rng(11);
    const bad: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const tz = rng.pick(zones);
      const ms = Date.UTC(2019, 0, 1) + rng.int(8 * 365) * 86_400_000 + rng.int(86_400) * 1000;
      const l = utcToLocal(tz, ms);
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-CA', {
          timeZone: tz,
          hourCycle: 'h23',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        })
          .formatToParts(new Date(ms))
          .map((p) => [p.type, p.value]),
      );
      const expectWall = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
      const got = `${l.y}-${String(l.m).padStart(2, '0')}-${String(l.d).padStart(2, '0')} ${String(l.hh).padStart(2, '0')}:${String(l.mm).padStart(2, '0')}`;
      if (got !== expectWall) bad.push(`${tz} ${new Date(ms).toISOString()} ${got} != ${expectWall}`);
      const back = localTimeToUtc(tz, l.y, l.m, l.d, l.hh, l.mm, l.ss).getTime();
      // Back to the same instant, except in the repeated hour of a fall-back change (first occurrence).
      if (back !== ms && !(back === ms - 3_600_000)) bad.push(`${tz} ${new Date(ms).toISOString()} back ${new Date(back).toISOString()}`);
    }
    expect(bad).toEqual([]);
  });

  test('addresses: a colonia of the city with its postal code, a point near it; phones with the city LADA', () => {
    const rng = new Rng(12);
    const bad: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const city = cityByWeight(rng.float());
      const a = addressIn(city, rng);
      const col = city.colonias.find((c) => c.name === a.colonia && c.postalCode === a.postalCode);
      if (!col || km(a, col) > 1.2 || a.state !== city.state || !a.full.includes(`Col. ${a.colonia}, ${a.postalCode} ${city.name}`)) bad.push(a.full);
      const ph = phoneIn(city, rng);
      if (!new RegExp(`^\\+52${LADA[city.name]}[2-9]\\d{${9 - LADA[city.name].length}}$`).test(ph)) bad.push(`${ph} ${city.name}`);
    }
    expect(bad).toEqual([]);
  });

  test('cities by population weight; metro areas', () => {
    const rng = new Rng(13);
    const n = 40_000;
    const hits = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const c = cityByWeight(rng.float());
      hits.set(c.name, (hits.get(c.name) ?? 0) + 1);
    }
    const total = CITIES.reduce((a, c) => a + c.population, 0);
    const cdmx = CITIES.find((c) => c.name === 'Ciudad de México')!;
    expect(hits.get('Ciudad de México')! / n).toBeCloseTo(cdmx.population / total, 2);
    expect((hits.get('Tlaxcala') ?? 0) < (hits.get('Guadalajara') ?? 0)).toBe(true);
    expect(metroOf(cityByName('Zapopan')!).cities.map((c) => c.name)).toEqual(expect.arrayContaining(['Guadalajara', 'Zapopan']));
    expect(metroOf(cityByName('Tijuana')!).cities.map((c) => c.name)).not.toContain('Mexicali');
    expect(metroOf(cityByName('Naucalpan')!).name).toBe(metroOf(cityByName('Ciudad de México')!).name);
  });
});

describe('names', () => {
  test('weighted by frequency: Hernández first, compound given names common, many distinct names', () => {
    const rng = new Rng(21);
    const last = new Map<string, number>();
    const given = new Set<string>();
    let compound = 0;
    const n = 30_000;
    for (let i = 0; i < n; i++) {
      const p = personName(rng);
      last.set(p.last1, (last.get(p.last1) ?? 0) + 1);
      given.add(p.given);
      if (p.given.includes(' ')) compound++;
    }
    const ranked = [...last.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    expect(ranked[0]).toBe('Hernández');
    expect(ranked.slice(0, 5)).toEqual(expect.arrayContaining(['García', 'Martínez']));
    expect(last.get('Hernández')! / n).toBeGreaterThan(0.04);
    expect(compound / n).toBeGreaterThan(0.15);
    expect(given.size).toBeGreaterThan(90);
  });

  test('emails and usernames: unique per ordinal, from the name, no row-number pattern', () => {
    const rng = new Rng(22);
    const emails = new Set<string>(),
      users = new Set<string>();
    const bad: string[] = [];
    const n = 60_000;
    for (let i = 0; i < n; i++) {
      const p = personName(rng);
      const e = emailFor(p, i, rng),
        u = usernameFor(p, i, rng);
      emails.add(e);
      users.add(u);
      const local = e.split('@')[0];
      const parts = [...p.given.split(' '), p.last1, p.last2].map((w) =>
        w
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .toLowerCase(),
      );
      if (!/^[a-z][a-z._]*[a-z]\d+@[a-z.]+\.(com|mx|com\.mx|net\.mx)$/.test(e) || /^(user|usuario|cliente)/.test(e) || !parts.some((w) => local.includes(w)))
        bad.push(e);
    }
    expect(bad).toEqual([]);
    expect(emails.size).toBe(n);
    expect(users.size).toBe(n);
  });
});

describe('companies and RFCs', () => {
  test('RFC initials by the SAT rules (legal form and stop words excluded), S.A.P.I. included', () => {
    const cases: Array<[string, string]> = [
      ['Sonora Industrial Azucarera, S. de R.L.', 'SIA'],
      ['Fábrica de Jabón La Espuma, S.A.', 'FJE'],
      ['Alimentos del Norte, S.A.P.I. de C.V.', 'ANO'],
      ['Colibrí Digital, S.A.P.I. de C.V.', 'CDI'],
      ['Comercializadora Tapatía, S.A. de C.V.', 'CTA'],
      ['Grupo Hernández Ochoa Hermanos, S. de R.L. de C.V.', 'GHO'],
      ['El Abastecedor Mundial, S.A.B. de C.V.', 'AMU'],
      ['Textiles, S.A.', 'TEX'],
      ['La Esperanza, A.C.', 'ESP'],
      ['Jade Ediciones, S.C.', 'JED'],
      ['Servicios Tecnológicos del Sureste SAPI DE CV', 'STS'],
    ];
    for (const [name, initials] of cases) expect([name, rfcInitials(name)]).toEqual([name, initials]);
  });

  test('known RFCs pass @nodecfdi/rfc and our check digit', () => {
    // A moral person and a physical person built by hand from the SAT rules, checked by the library.
    const moral = moralRfc('Sonora Industrial Azucarera, S. de R.L.', new Date(Date.UTC(1983, 10, 4)), 'T4');
    expect(moral.slice(0, 9)).toBe('SIA831104');
    expect(Rfc.isValid(moral)).toBe(true);
    expect(Rfc.parse(moral).isMoral()).toBe(true);
    const fisica = personRfc(new Rng(1), 'María Guadalupe', 'Hernández', 'López', new Date(Date.UTC(1990, 4, 12)));
    expect(fisica.slice(0, 10)).toBe('HELG900512'); // María is skipped in a compound name
    expect(Rfc.parse(fisica).isFisica()).toBe(true);
    expect(personRfc(new Rng(1), 'José Luis', 'Pérez', 'Muñoz', new Date(Date.UTC(1985, 0, 31))).slice(0, 10)).toBe('PEML850131');
  });

  test('generated companies: every sector, no row numbers, legal forms of the sector, RFC valid for @nodecfdi/rfc', () => {
    const rng = new Rng(31);
    const bad: string[] = [];
    const names = new Set<string>();
    for (let i = 0; i < 6000; i++) {
      const s = SECTORS[i % SECTORS.length];
      const c = companyIn(s.id, rng);
      names.add(c.name);
      if (/\d/.test(c.name) || !s.forms.some(([f]) => f === c.legalForm) || !c.business.endsWith(c.legalForm)) bad.push(c.business);
      const rfc = moralRfc(c.business, new Date(Date.UTC(1960 + rng.int(60), rng.int(12), 1 + rng.int(28))), rng.chars('ABCDEFGHJKLMNPRSTUVWXYZ123456789', 2));
      if (!Rfc.isValid(rfc) || !Rfc.parse(rfc).isMoral() || Rfc.parse(rfc).calculateChecksum() !== rfc.slice(-1)) bad.push(`${rfc} ${c.business}`);
    }
    expect(bad).toEqual([]);
    expect(names.size).toBeGreaterThan(1500);
  });
});

describe('product catalogue', () => {
  test('HS chapters of well-known products (independent table)', () => {
    const chapter: Record<string, string> = {
      'Café tostado en grano 1 kg': '09',
      'Tequila 750 ml': '22',
      'Playera de algodón': '61',
      'Pantalón de mezclilla': '62',
      Laptop: '84',
      'Cargador USB de pared': '85',
      'Llanta rin 15': '40',
      'Bicicleta de montaña': '87',
      Muñeca: '95',
      'Tenis deportivos': '64',
      'Libro impreso': '49',
      Perfume: '33',
      'Miel de abeja 1 kg': '04',
    };
    const all = catalogue.flatMap((c) => c.products);
    for (const [name, ch] of Object.entries(chapter)) expect([name, all.find((p) => p.name === name)?.hs.slice(0, 2)]).toEqual([name, ch]);
    for (const p of all) {
      expect(p.hs).toMatch(/^\d{6}$/);
      expect(p.price[0]).toBeLessThan(p.price[1]);
      expect(p.weight[0]).toBeLessThan(p.weight[1]);
    }
  });

  test('priced products stay in their ranges and are plausible (a USB charger is cheap, coffee is light)', () => {
    const rng = new Rng(41);
    const bad: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const s = SECTORS[i % SECTORS.length];
      const p = productFor(s.id, rng);
      const spec = catalogue.find((c) => c.id === p.category)!.products.find((x) => p.name.startsWith(x.name))!;
      if (
        !s.categories.includes(p.category) ||
        p.price < spec.price[0] ||
        p.price > spec.price[1] ||
        p.weightKg < spec.weight[0] ||
        p.weightKg > spec.weight[1] ||
        p.hsCode !== spec.hs
      )
        bad.push(JSON.stringify(p));
      if (p.name.startsWith('Cargador USB') && p.price > 600) bad.push(JSON.stringify(p));
      if (p.name.startsWith('Café') && p.weightKg > 1.5) bad.push(JSON.stringify(p));
    }
    expect(bad).toEqual([]);
  });
});
