import { defineTable } from '../../src/seed/kit';

export type Service = 'express' | 'standard' | 'economy';
export interface Carrier {
  name: string;
  code: string;
  services: readonly Service[];
  /** Price level against the market (1 = average). */ level: number;
  /** Fuel surcharge, share of the freight. */ fuel: number;
}

/** The carriers Quenty quotes abroad, the services each sells and its price level. */
export const CARRIERS: readonly Carrier[] = [
  { name: 'DHL Express', code: 'DHL', services: ['express', 'economy'], level: 1.08, fuel: 0.19 },
  { name: 'FedEx', code: 'FEDEX', services: ['express', 'standard', 'economy'], level: 1.05, fuel: 0.18 },
  { name: 'UPS', code: 'UPS', services: ['express', 'standard'], level: 1.03, fuel: 0.17 },
  { name: 'Estafeta', code: 'ESTAFETA', services: ['express', 'standard'], level: 0.9, fuel: 0.14 },
  { name: 'Redpack', code: 'REDPACK', services: ['standard', 'economy'], level: 0.85, fuel: 0.13 },
  { name: 'Correos de México', code: 'SEPOMEX', services: ['economy'], level: 0.7, fuel: 0.12 },
];

export default defineTable({
  table: 'shipping_carriers',
  columns: ['id', 'name', 'code', 'api_endpoint', 'api_key', 'active', 'supported_services', 'created_at'],
  count: () => CARRIERS.length,
  row(g, i) {
    const c = CARRIERS[i];
    // Integrated with the platform before its first shipment.
    return {
      id: i + 1,
      name: c.name,
      code: c.code,
      api_endpoint: `https://api.${c.code.toLowerCase()}.example/v1`,
      api_key: null,
      active: true,
      supported_services: c.services,
      created_at: new Date(g.clock.firstDay.getTime() - (30 - i) * 86_400_000),
    };
  },
});
