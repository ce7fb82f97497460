import type { Knex } from 'knex';
import { CommentSet, clearComments, setComments } from '../../src/migrate/meaning';

/**
 * order_db: what each table and column means, in the catalog (COMMENT ON), from the spec's SQL
 * document (001, order_db) and its ERD (000), with the units, allowed values and ranges they state.
 * Columns holding a reference to another database keep the comment of that reference.
 * `quenty-db docs` shows them.
 */
export const COMMENTS: CommentSet = {
  tables: {
    products: 'Products that companies sell through the platform; each belongs to one company (customer_db.companies).',
    orders: 'Customer orders: who ordered, for which company, their status and total. order_number is the public key returns and pickup packages hold.',
    order_items: 'The lines of an order: a product, its quantity and price. An order has at least one item (audit rule).',
    inventory_items: 'Stock on hand of each product per location and batch; reserved stock is held for confirmed orders.',
    stock_movements: 'Every change of inventory (stock in, stock out, adjustments), partitioned by month of created_at.',
  },
  columns: {
    products: {
      id: 'Surrogate key; also the product identifier other databases hold (intl_shipping_db.manifest_items.product_id, reverse_logistics_db.return_items.item_id).',
      name: 'Product name as shown to customers.',
      description: 'Longer description of the product.',
      sku: 'Stock-keeping unit, the seller\'s own product code.',
      category: 'Product category (e.g. Ropa, Electrónica, Alimentos, Hogar, Papelería, Artesanías).',
      price: 'Sale price per unit, in MXN, at least 0.',
      cost: 'Cost per unit to the seller, in MXN.',
      weight: 'Weight per unit in kilograms (3 decimals).',
      dimensions: 'Package dimensions in centimetres, as JSON: {"length": 10.0, "width": 5.0, "height": 3.0}.',
      active: 'false: withdrawn from sale.',
      created_at: 'When the product was created.',
      updated_at: 'When the product was last changed.',
    },
    orders: {
      id: 'Surrogate key, used by order_items.',
      order_number: 'Public order number, unique (e.g. ORD-000000001): the key reverse_logistics_db.returns.original_order_id and pickup_db.pickup_packages.order_id hold.',
      status: 'Life-cycle status: pending → confirmed → shipped → delivered, or cancelled; returned once a return is processed.',
      total_amount: 'Sum of the order\'s items (order_items.total_price), in the order\'s currency.',
      currency: 'ISO 4217 currency of the amounts: MXN for domestic orders (the column default is USD).',
      created_at: 'When the order was placed.',
      updated_at: 'When the order last changed status.',
    },
    order_items: {
      id: 'Surrogate key.',
      order_id: 'The order (orders.id).',
      product_id: 'The product ordered (products.id).',
      quantity: 'Units ordered, more than 0.',
      unit_price: 'Price per unit at the time of the order.',
      total_price: 'quantity × unit_price (audit rule order_item_total_mismatch).',
      created_at: 'When the item was added.',
    },
    inventory_items: {
      id: 'Surrogate key.',
      product_id: 'The product (products.id).',
      quantity: 'Units on hand, at least 0.',
      reserved_quantity: 'Units held for confirmed orders, between 0 and quantity.',
      min_stock_level: 'Reorder point: below it, stock should be replenished.',
      max_stock_level: 'Most units the location should hold.',
      location: 'Warehouse location (warehouse, aisle, shelf).',
      batch_number: 'Manufacturer batch or lot.',
      expiry_date: 'When the batch expires; NULL for goods that do not.',
      created_at: 'When the inventory row was created.',
      updated_at: 'When the quantities last changed.',
    },
    stock_movements: {
      id: 'Surrogate key (with created_at, the primary key of the partitioned table).',
      product_id: 'The product whose stock changed (products.id).',
      movement_type: 'Kind of movement: IN (stock received or returned), OUT (stock shipped) or ADJUSTMENT (count correction).',
      quantity: 'Units moved, signed: positive for IN, negative for OUT, either for an ADJUSTMENT.',
      reference_number: 'The document behind the movement (order number, receipt, count sheet).',
      notes: 'Free text, e.g. the reason of an adjustment.',
      created_by: 'Who recorded the movement: an auth_db user_id, or system.',
      created_at: 'When the movement happened; the partition key (one partition per month).',
    },
  },
};

export async function up(knex: Knex): Promise<void> {
  await setComments(knex, COMMENTS);
}

export async function down(knex: Knex): Promise<void> {
  await clearComments(knex, COMMENTS);
}
