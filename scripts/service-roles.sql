-- The PostgreSQL roles the services run as (see docs/security.md). Roles are cluster-wide: run once per cluster, as a
-- role that may create roles; it is idempotent. The migrator grants each role its schemas (migrations/ServiceRoles.cs).
--   psql -v service_password='...' -f scripts/service-roles.sql
-- Without -v service_password, the roles get the development password `orders`, which a Production host refuses.
-- A deployment sets one password per role instead: ALTER ROLE orders_api PASSWORD '...'; (docs/security.md).
\if :{?service_password}
\else
\set service_password orders
\endif

-- Login only: no superuser, no CREATEDB, no CREATEROLE, no membership; they own nothing.
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD %L', role, :'service_password')
FROM (VALUES ('orders_api'), ('orders_inventory'), ('orders_workers')) AS roles(role)
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role)
\gexec
