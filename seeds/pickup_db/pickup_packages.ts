import { defineTable, streetNamePool, address, person, phone } from '../../src/seed/kit';
import { PACKAGES } from './pickups';

export default defineTable({
  table: 'pickup_packages',
  columns: ['id', 'pickup_id', 'package_reference', 'description', 'category', 'weight_kg', 'length_cm', 'width_cm', 'height_cm', 'is_fragile', 'requires_signature', 'insurance_value', 'destination_address', 'destination_contact_name', 'destination_contact_phone', 'tracking_number', 'order_id', 'created_at'],
  count: (g) => PACKAGES.total(g.count('pickups')),
  row(g, i, rng) {
    const { parent } = PACKAGES.parentOf(i);
    const a = address(rng, undefined, streetNamePool(g.seed));
    return {
      id: i + 1, pickup_id: parent + 1, package_reference: `PKG-${i + 1}`, description: 'Paquete', category: rng.pick(['documentos', 'electrónica', 'ropa', 'alimentos', 'otros']),
      weight_kg: rng.money(0.2, 25, 1), length_cm: rng.range(10, 80), width_cm: rng.range(10, 60), height_cm: rng.range(5, 50), is_fragile: rng.chance(0.15), requires_signature: rng.chance(0.7),
      insurance_value: rng.chance(0.3) ? rng.money(500, 20000) : null, destination_address: a.full, destination_contact_name: person(rng).full, destination_contact_phone: phone(rng, a.city),
      tracking_number: `QP${String(i + 1).padStart(11, '0')}`, order_id: rng.chance(0.8) ? g.ref('order_id', i) : null, created_at: g.other('pickups').time(parent),
    };
  },
});
