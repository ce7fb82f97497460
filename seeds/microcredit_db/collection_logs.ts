import { defineTable, fanout } from '../../src/seed/kit';
import { MAX_CONTACTS } from './loans';
import { DEFAULT_DPD } from './model';

/** Up to MAX_CONTACTS contacts per loan, only about installments that went past their grace days. */
const CONTACTS = fanout([MAX_CONTACTS]);

const OUTCOMES: ReadonlyArray<readonly [string, number]> = [
  ['no_answer', 35],
  ['promise_to_pay', 30],
  ['refused', 8],
  ['unreachable', 12],
  ['will_call_back', 15],
];

export default defineTable({
  table: 'collection_logs',
  columns: ['id', 'loan_id', 'collection_date', 'collection_type', 'contact_method', 'outcome', 'next_action', 'notes', 'agent_id', 'created_at'],
  count: (g) => CONTACTS.total(g.count('loans')),
  row(g, i, rng) {
    const { parent, index } = CONTACTS.parentOf(i);
    const f = g.facts('microcredit_db', 'loans', parent);
    const c = f.exists ? f.contacts[index] : undefined;
    if (!c) return null;
    const type = c.dpd <= 10 ? 'reminder' : c.dpd <= 30 ? 'call' : c.dpd <= 60 ? 'visit' : c.dpd <= DEFAULT_DPD ? 'formal_notice' : 'legal_notice';
    const method = type === 'reminder' ? rng.pick(['sms', 'whatsapp', 'email']) : type === 'call' ? 'phone' : type === 'visit' ? 'in_person' : 'letter';
    // The last contact before the installment was settled got the promise that was kept.
    const next = f.contacts[index + 1];
    const lastBeforePayment = c.settledAfter && (!next || next.installment !== c.installment);
    const outcome = lastBeforePayment ? 'promise_to_pay' : rng.weighted(OUTCOMES);
    const nextAction = lastBeforePayment
      ? 'Confirmar pago'
      : c.dpd >= DEFAULT_DPD
        ? 'Turnar a despacho de cobranza'
        : outcome === 'promise_to_pay'
          ? 'Verificar pago en la fecha prometida'
          : 'Nuevo contacto en 7 días';
    // An agent of the collections team (auth staff with the collector role) hired before the contact.
    const hired = g.tally('auth_db', 'users', 'role', 'collector', c.at);
    const agent = hired > 0 ? g.find('auth_db', 'users', 'role', 'collector', (parent * 7 + index) % hired) : -1;
    return {
      id: i + 1,
      loan_id: parent + 1,
      collection_date: c.at,
      collection_type: type,
      contact_method: method,
      outcome,
      next_action: nextAction,
      notes: `${c.dpd} días de atraso en la mensualidad ${c.installment + 1}`,
      agent_id: agent >= 0 ? g.refAt('agent_id', agent) : null,
      created_at: c.at,
    };
  },
});
