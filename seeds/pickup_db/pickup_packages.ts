import { defineTable } from '../../src/seed/kit';

/** One package per pickup: the order it collects (the pickup customer's own order), weighing what its products weigh. */
export default defineTable({
  table: 'pickup_packages',
  columns: [
    'id',
    'pickup_id',
    'package_reference',
    'description',
    'category',
    'weight_kg',
    'length_cm',
    'width_cm',
    'height_cm',
    'is_fragile',
    'requires_signature',
    'insurance_value',
    'destination_address',
    'destination_contact_name',
    'destination_contact_phone',
    'tracking_number',
    'order_id',
    'created_at',
  ],
  count: (g) => g.count('pickups'),
  row(g, i, rng) {
    const f = g.facts('pickup_db', 'pickups', i);
    const o = g.facts('order_db', 'orders', f.order);
    let weight = 0;
    for (const l of o.lines) weight += g.facts('order_db', 'products', l.product).weight * l.quantity;
    const first = g.facts('order_db', 'products', o.lines[0].product);
    const u = g.facts('auth_db', 'users', o.customer);
    return {
      id: i + 1,
      pickup_id: i + 1,
      package_reference: `PKG-${i + 1}`,
      description: first.name,
      category: first.category,
      weight_kg: Math.max(0.1, Math.round(weight * 10) / 10),
      length_cm: rng.range(15, 60),
      width_cm: rng.range(10, 45),
      height_cm: rng.range(5, 40),
      is_fragile: first.category === 'Artesanías',
      requires_signature: rng.chance(0.7),
      insurance_value: o.totalCents >= 200_000 ? o.totalCents / 100 : null,
      destination_address: u.address,
      destination_contact_name: `${u.person.first} ${u.person.last1}`,
      destination_contact_phone: u.phone,
      tracking_number: `QP${String(i + 1).padStart(11, '0')}`,
      order_id: g.refAt('order_id', f.order),
      created_at: f.born,
    };
  },
});
