/** Seed plan of order_db: relative sizes (rows per unit of scale); items and inventory derive. */
export default {
  order: ['products', 'orders', 'order_items', 'inventory_items', 'stock_movements'],
  tables: { products: 1, orders: 6, stock_movements: 3 },
};
