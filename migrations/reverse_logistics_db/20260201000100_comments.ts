import type { Knex } from 'knex';
import { CommentSet, clearComments, setComments } from '../../src/migrate/meaning';

/**
 * reverse_logistics_db: what each table and column means, in the catalog (COMMENT ON), from the spec's SQL
 * document (001, reverse_logistics_db) and its ERD (000), with the units, allowed values and ranges they state.
 * Columns holding a reference to another database keep the comment of that reference.
 * `quenty-db docs` shows them.
 */
export const COMMENTS: CommentSet = {
  tables: {
    returns: 'Returns (RMAs) of delivered orders: why, what resolution the customer wants, their status, refund and logistics. A return requires a valid original order.',
    return_items: 'The products returned in a return, their condition, inspection result and refund.',
    inspection_reports: 'Inspection of a returned item: condition, values and the recommended disposition; it determines refund eligibility and amount.',
    return_status_history: 'Every status a return went through, with when and who.',
    disposal_records: 'What happened to items that were not restocked: recycled, donated, sold for salvage or destroyed, with their environmental impact.',
    return_metrics: 'Daily figures of the returns process: volumes, refund and recovery rates, processing time, satisfaction.',
  },
  columns: {
    returns: {
      id: 'Surrogate key, used by items, inspections, history and disposals.',
      return_id: 'Public return identifier (UUID text), unique.',
      return_type: 'return (refund or credit) or exchange.',
      return_reason: 'Why: defective, damaged_in_transit, wrong_item, not_as_described or changed_mind.',
      status: 'requested → approved → in_transit → received → refunded / exchanged → closed, or rejected.',
      preferred_resolution: 'What the customer asks for: refund, exchange or store_credit.',
      return_authorization_number: 'RMA number given to the customer, e.g. RMA-000000001.',
      original_order_value: 'Total of the original order, in MXN.',
      estimated_refund_amount: 'Refund expected when the return was approved, in MXN.',
      actual_refund_amount: 'Refund paid: the sum of the items\' refunds, in MXN.',
      return_shipping_cost: 'Cost of shipping the return back, in MXN.',
      processing_fee: 'Fee charged for processing the return, in MXN.',
      carrier: 'Carrier bringing the return back.',
      estimated_pickup_date: 'When the return is to be picked up.',
      actual_pickup_date: 'When it was picked up.',
      estimated_processing_time: 'Processing time promised to the customer, in words (e.g. 5-7 días hábiles).',
      expires_at: 'When an unused authorization lapses.',
      rejection_reason: 'Why a rejected return was rejected.',
      requires_customer_action: 'true: waiting for the customer.',
      created_at: 'When the return was requested.',
      updated_at: 'When the return last changed.',
    },
    return_items: {
      id: 'Surrogate key.',
      return_item_id: 'Public identifier of the returned line (UUID text), unique.',
      return_id: 'The return (returns.id).',
      item_name: 'Product name at the time of the order.',
      quantity: 'Units returned, more than 0.',
      unit_price: 'Price paid per unit, in MXN.',
      return_reason: 'Why this item is returned (same values as returns.return_reason).',
      condition_received: 'Condition on arrival: new, like_new, used or damaged.',
      refund_eligible: 'true: the inspection allows a refund.',
      refund_amount: 'Refund for this item, in MXN.',
      exchange_item_id: 'Product sent in exchange (order_db.products.id as text).',
      exchange_quantity: 'Units sent in exchange.',
    },
    inspection_reports: {
      id: 'Surrogate key.',
      inspection_id: 'Public inspection identifier (UUID text), unique.',
      return_id: 'The return (returns.id).',
      item_id: 'The product inspected (order_db.products.id as text).',
      overall_condition: 'excellent, good, fair or poor.',
      functional_status: 'working, partially_working or not_working.',
      cosmetic_condition: 'no_damage, minor_scratches or damaged.',
      completeness: 'complete or missing_accessories.',
      original_value: 'Value when sold, in MXN.',
      current_market_value: 'Value today, in MXN.',
      resale_value: 'What it can be resold for, in MXN.',
      salvage_value: 'What its parts or materials fetch, in MXN.',
      recommended_action: 'restock, refurbish, repair or dispose.',
      disposition_recommendation: 'resell, refurbish, donate or recycle.',
      repair_cost_estimate: 'Estimated repair cost, in MXN.',
      refurbishment_cost: 'Estimated refurbishment cost, in MXN.',
    },
    return_status_history: {
      id: 'Surrogate key.',
      return_id: 'The return (returns.id).',
      status: 'Status entered (same values as returns.status).',
      status_date: 'When the status was entered.',
      changed_by: 'Who changed it: a user_id, or system.',
    },
    disposal_records: {
      id: 'Surrogate key.',
      return_id: 'The return (returns.id).',
      item_id: 'The product disposed of (order_db.products.id as text).',
      disposition: 'What was done: recycle, donate, liquidate or destroy.',
      disposal_method: 'How, in words.',
      recovery_value: 'Money recovered, in MXN.',
      environmental_impact: 'Environmental figures (kg recycled, CO2e avoided), as JSON, for sustainability compliance.',
      disposal_date: 'When it was disposed of.',
    },
    return_metrics: {
      id: 'Surrogate key.',
      metric_date: 'Day the figures are for.',
      total_returns: 'Returns requested that day.',
      processed_returns: 'Returns processed that day.',
      refund_rate: 'Share of processed returns refunded, a fraction from 0 to 1.',
      avg_processing_time_hours: 'Average hours from request to resolution.',
      recovery_rate: 'Share of value recovered through resale, salvage or disposal, a fraction from 0 to 1.',
      customer_satisfaction: 'Average satisfaction rating, 0 to 5.',
    },
  },
};

export async function up(knex: Knex): Promise<void> {
  await setComments(knex, COMMENTS);
}

export async function down(knex: Knex): Promise<void> {
  await clearComments(knex, COMMENTS);
}
