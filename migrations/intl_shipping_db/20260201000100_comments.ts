import type { Knex } from 'knex';
import { CommentSet, clearComments, setComments } from '../../src/migrate/meaning';

/**
 * intl_shipping_db: what each table and column means, in the catalog (COMMENT ON), from the spec's SQL
 * document (001, intl_shipping_db) and its ERD (000), with the units, allowed values and ranges they state.
 * Columns holding a reference to another database keep the comment of that reference.
 * `quenty-db docs` shows them.
 */
export const COMMENTS: CommentSet = {
  tables: {
    manifests: 'International shipping manifests: a company\'s shipment from Mexico to another country, with its totals, zone and tracking number.',
    manifest_items: 'The goods of a manifest, with their customs data (HS code, origin, declared value).',
    shipping_rates: 'Carrier quotes for a manifest: rate components, total cost, transit time and validity.',
    countries: 'Destination countries and their shipping zone (the zone determines availability and price).',
    shipping_carriers: 'Carriers the platform quotes and books with (DHL, FedEx, UPS, Estafeta, Redpack, Correos de México), and their API.',
  },
  columns: {
    manifests: {
      id: 'Surrogate key, used by manifest_items and shipping_rates.',
      unique_id: 'Public manifest identifier (UUID text), unique.',
      status: 'Life-cycle status: draft → submitted → in_transit → delivered, or cancelled.',
      total_weight: 'Sum of the items\' weight, in kilograms.',
      total_volume: 'Sum of the items\' volume, in cubic metres.',
      total_value: 'Sum of the items\' declared value, in the manifest\'s currency.',
      currency: 'ISO 4217 currency of the declared values: USD for international shipments.',
      origin_country: 'ISO 3166-1 alpha-2 code of the origin country (MX).',
      destination_country: 'ISO 3166-1 alpha-2 code of the destination country (countries.iso_code).',
      shipping_zone: 'Zone of the destination (countries.zone): domestic, north_america, central_america, south_america, europe, asia, …',
      estimated_delivery: 'When the shipment is expected to arrive.',
      tracking_number: 'The carrier\'s tracking number.',
      created_at: 'When the manifest was created.',
      updated_at: 'When the manifest last changed.',
    },
    manifest_items: {
      id: 'Surrogate key.',
      manifest_id: 'The manifest (manifests.id).',
      description: 'Description of the goods for customs.',
      quantity: 'Units, more than 0.',
      weight: 'Weight of the line in kilograms.',
      volume: 'Volume of the line in cubic metres.',
      value: 'Declared customs value of the line, in the manifest\'s currency.',
      hs_code: 'Harmonized System code of the goods (customs tariff classification, e.g. 6109.10).',
      country_of_origin: 'ISO 3166-1 alpha-2 code of the country where the goods were made.',
      created_at: 'When the item was added.',
    },
    shipping_rates: {
      id: 'Surrogate key.',
      manifest_id: 'The manifest quoted (manifests.id).',
      carrier_name: 'The carrier quoting (shipping_carriers.name).',
      service_type: 'Service level: express, standard or economy.',
      base_rate: 'Base charge, in the rate\'s currency.',
      weight_rate: 'Charge for the weight.',
      volume_rate: 'Charge for the volume.',
      fuel_surcharge: 'Fuel surcharge.',
      insurance_rate: 'Insurance charge.',
      total_cost: 'Total charge: base + weight + volume + fuel + insurance.',
      currency: 'ISO 4217 currency of the rate (USD).',
      transit_days: 'Days in transit the carrier promises.',
      valid_until: 'When the quote expires.',
      created_at: 'When the quote was obtained.',
    },
    countries: {
      id: 'Surrogate key.',
      name: 'Country name.',
      iso_code: 'ISO 3166-1 alpha-2 code, e.g. US, ES, BR.',
      zone: 'ShippingZone of the country: domestic, north_america, central_america, south_america, europe, asia, …',
      active: 'false: no shipments to this country.',
      created_at: 'When the country was added.',
    },
    shipping_carriers: {
      id: 'Surrogate key.',
      name: 'Carrier name, e.g. DHL Express.',
      code: 'Short carrier code, e.g. DHL, FEDEX, ESTAFETA.',
      api_endpoint: 'Base URL of the carrier\'s rating and tracking API.',
      api_key: 'Credential of the carrier API (kept by the service; treat as secret).',
      active: 'false: not quoted or booked.',
      supported_services: 'List of the service types the carrier offers, as JSON, e.g. ["express", "standard"].',
      created_at: 'When the carrier was added.',
    },
  },
};

export async function up(knex: Knex): Promise<void> {
  await setComments(knex, COMMENTS);
}

export async function down(knex: Knex): Promise<void> {
  await clearComments(knex, COMMENTS);
}
