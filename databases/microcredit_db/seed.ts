/** Seed plan of microcredit_db: applications and scores scale; loans (the disbursed applications), schedules, payments and collection contacts derive. */
export default {
  order: ['credit_applications', 'credit_checks', 'credit_scores', 'loans', 'payment_schedules', 'loan_payments', 'collection_logs'],
  tables: { credit_applications: 1, credit_scores: 1 },
};
