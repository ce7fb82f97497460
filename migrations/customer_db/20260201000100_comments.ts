import type { Knex } from 'knex';
import { CommentSet, clearComments, setComments } from '../../src/migrate/meaning';

/**
 * customer_db: what each table and column means, in the catalog (COMMENT ON), from the spec's
 * SQL document (001, customer_db) and the Customer Service ERD (000). `quenty-db docs` shows them.
 * (users.unique_id keeps the comment of its cross-database reference.)
 */
export const COMMENTS: CommentSet = {
  tables: {
    companies: 'Business customers (Mexican companies, identified by their RFC). company_id is the public key that orders, products, manifests and franchises hold.',
    users: 'Customer users: people who use the platform for themselves or for a company. unique_id is their auth_db user_id.',
    document_types: 'Kinds of identity or tax document a customer can present (RFC, CURP, INE, passport).',
  },
  columns: {
    companies: {
      id: 'Surrogate key, used only inside customer_db.',
      company_id: 'Public company identifier (UUID text): the key other databases hold (order_db orders and products, intl_shipping_db manifests, franchise_db franchises).',
      name: 'Trade name of the company.',
      business_name: 'Registered legal name (razón social), with its legal form, e.g. S.A. de C.V.',
      document_type: 'Code of the document in document_number (document_types.code), RFC for companies.',
      document_number: 'The document itself: for a company, its RFC of 12 characters with the SAT check character. Unique.',
      active: 'false: the company can no longer place orders.',
      created_at: 'When the company was registered.',
      updated_at: 'When the company was last changed.',
    },
    users: {
      id: 'Surrogate key, used only inside customer_db.',
      username: 'Sign-in name, unique (the same as in auth_db).',
      email: 'E-mail address, unique.',
      password_hash: 'Password hash as kept by the Customer service; the password itself is never stored.',
      first_name: 'Given name(s).',
      last_name: 'Family name(s).',
      phone: 'Phone number in E.164 form: +52 and 10 digits.',
      role: 'Role inside the customer account, e.g. customer or company_admin.',
      active: 'false: the user is disabled.',
      last_login: 'When the user last signed in; NULL: never.',
      company_id: 'The company the user acts for (companies.company_id); NULL for an individual customer.',
      created_at: 'When the user was registered.',
      updated_at: 'When the user was last changed.',
    },
    document_types: {
      id: 'Surrogate key.',
      name: 'Name of the document, e.g. Registro Federal de Contribuyentes.',
      code: 'Short code, unique: RFC, CURP, INE, PASAPORTE.',
      description: 'What the document is and its format (RFC: 12 characters for a company, 13 for a person; CURP: 18).',
      active: 'false: no longer accepted.',
      created_at: 'When the document type was added.',
    },
  },
};

export async function up(knex: Knex): Promise<void> {
  await setComments(knex, COMMENTS);
}

export async function down(knex: Knex): Promise<void> {
  await clearComments(knex, COMMENTS);
}
