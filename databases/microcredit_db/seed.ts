/** Seed plan of microcredit_db: applications and scores scale; loans (60 % of applications) and their schedules and payments derive. */
export default {
  order: ['credit_applications', 'credit_checks', 'credit_scores', 'loans', 'payment_schedules', 'loan_payments', 'collection_logs'],
  tables: { credit_applications: 1, credit_scores: 1 },
};
