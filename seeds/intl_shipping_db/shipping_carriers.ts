import { defineTable } from '../../src/seed/kit';

export const CARRIERS: Array<[string, string]> = [['DHL Express', 'DHL'], ['FedEx', 'FEDEX'], ['UPS', 'UPS'], ['Estafeta', 'ESTAFETA'], ['Redpack', 'REDPACK'], ['Correos de México', 'SEPOMEX']];

export default defineTable({
  table: 'shipping_carriers',
  columns: ['id', 'name', 'code', 'api_endpoint', 'api_key', 'active', 'supported_services', 'created_at'],
  count: () => CARRIERS.length,
  row(g, i) {
    const [name, code] = CARRIERS[i];
    return { id: i + 1, name, code, api_endpoint: `https://api.${code.toLowerCase()}.example/v1`, api_key: null, active: true, supported_services: ['express', 'standard', 'economy'], created_at: g.time(0, 'static') };
  },
});
