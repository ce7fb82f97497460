import type { Knex } from 'knex';
import { CommentSet, clearComments, setComments } from '../../src/migrate/meaning';

/**
 * franchise_db: what each table and column means, in the catalog (COMMENT ON), from the spec's SQL
 * document (001, franchise_db) and its ERD (000), with the units, allowed values and ranges they state.
 * Columns holding a reference to another database keep the comment of that reference.
 * `quenty-db docs` shows them.
 */
export const COMMENTS: CommentSet = {
  tables: {
    franchises: 'Quenty franchises: the franchisee, location, territory, contract, fees and status. One franchise per territory (exclusive assignment).',
    territories: 'Territories that can be franchised: area, market data and availability (available, reserved or assigned).',
    franchise_contracts: 'Contracts of a franchise over its life cycle, with fee structure, performance requirements and renewal terms.',
    franchise_payments: 'Fees a franchise pays (initial fee, monthly fee, royalties): amount, due date and payment.',
    franchise_performance: 'Performance of a franchise per period (revenue, costs, orders, satisfaction); it drives fee structures and rankings.',
    franchise_audits: 'Audits of a franchise (operational, financial, brand): findings, compliance score and follow-up.',
  },
  columns: {
    franchises: {
      id: 'Surrogate key, used by contracts, payments, performance and audits.',
      franchise_id: 'Public franchise identifier (UUID text), unique.',
      name: 'Franchise name (the branch\'s trade name).',
      franchisee_name: 'Name of the person who holds the franchise.',
      email: 'Contact e-mail, unique.',
      phone: 'Contact phone in E.164 form (+52 and 10 digits).',
      postal_code: '5-digit Mexican postal code.',
      business_license: 'Municipal operating licence (licencia de funcionamiento).',
      tax_id: 'The franchisee\'s RFC (13 characters for a person, 12 for a company).',
      territory_code: 'The territory the franchise holds exclusively (territories.territory_code); at most one franchise per territory.',
      contract_start_date: 'Start of the current contract.',
      contract_end_date: 'End of the current contract, after its start.',
      status: 'Life-cycle status, e.g. pending, active, suspended, terminated.',
      opening_date: 'When the franchise opened to customers.',
      closure_date: 'When it closed; NULL while open.',
      services_offered: 'Services offered (pickup, dropoff, packaging, …), as a JSON array.',
      initial_fee: 'One-off franchise fee, in MXN.',
      monthly_fee: 'Fixed monthly fee, in MXN.',
      royalty_rate: 'Royalty on revenue, in percent (0–100).',
      is_active: 'false: the franchise no longer operates.',
    },
    territories: {
      id: 'Surrogate key.',
      territory_code: 'Territory code, unique, e.g. MX-09-0001 (country, INEGI state code, number).',
      name: 'Territory name.',
      country: 'ISO 3166-1 alpha-2 country code (MX).',
      state: 'Mexican state.',
      area_size: 'Area in square kilometres.',
      population: 'Inhabitants.',
      market_potential: 'low, medium or high.',
      competition_level: 'low, medium or high.',
      average_income: 'Average monthly household income, in MXN.',
      status: 'available, reserved (until reserved_until) or assigned (to a franchise).',
      reserved_until: 'End of a reservation.',
      reserved_by: 'Who holds the reservation.',
    },
    franchise_contracts: {
      id: 'Surrogate key.',
      franchise_id: 'The franchise (franchises.id).',
      contract_type: 'Kind of contract, e.g. franchise_agreement, renewal, amendment.',
      start_date: 'Start of the contract.',
      end_date: 'End of the contract, after its start; NULL: open-ended.',
      fee_structure: 'Fees agreed, as JSON.',
      performance_requirements: 'Targets the franchise must meet, as JSON.',
      signed_date: 'When it was signed.',
      status: 'draft, active, expired, renewed or terminated.',
    },
    franchise_payments: {
      id: 'Surrogate key.',
      franchise_id: 'The franchise (franchises.id).',
      payment_type: 'initial_fee, monthly_fee or royalty.',
      amount: 'Amount due, in MXN, at least 0.',
      due_date: 'When it falls due (royalties from the month after the contract starts).',
      paid_date: 'When it was paid; NULL: unpaid.',
      payment_method: 'How it was paid, e.g. spei (Mexican interbank transfer).',
      transaction_id: 'Reference of the bank transfer.',
      status: 'pending, paid or overdue.',
    },
    franchise_performance: {
      id: 'Surrogate key.',
      performance_id: 'Public identifier of the period\'s figures (UUID text), unique.',
      franchise_id: 'The franchise (franchises.id).',
      period_type: 'monthly, quarterly or yearly.',
      period_start: 'First day of the period.',
      period_end: 'Last day of the period, not before its start.',
      revenue: 'Revenue of the period, in MXN.',
      costs: 'Costs of the period, in MXN.',
      profit: 'revenue − costs, in MXN.',
      royalties_paid: 'Royalties paid for the period, in MXN.',
      orders_count: 'Orders handled.',
      customers_served: 'Distinct customers served.',
      average_order_value: 'Revenue per order, in MXN.',
      customer_satisfaction_score: 'Average rating, 0 to 5.',
      performance_score: 'Overall score, 0 to 100.',
      ranking: 'Rank among franchises for the period (1 = best).',
    },
    franchise_audits: {
      id: 'Surrogate key.',
      franchise_id: 'The franchise audited (franchises.id).',
      audit_type: 'operational, financial or brand.',
      audit_date: 'When the audit took place.',
      findings: 'What the auditor found, as JSON.',
      compliance_score: 'Compliance, 0 to 100.',
      action_items: 'What the franchise must fix, as JSON.',
      follow_up_date: 'When the fixes are checked.',
      status: 'scheduled, in_progress or completed.',
    },
  },
};

export async function up(knex: Knex): Promise<void> {
  await setComments(knex, COMMENTS);
}

export async function down(knex: Knex): Promise<void> {
  await clearComments(knex, COMMENTS);
}
