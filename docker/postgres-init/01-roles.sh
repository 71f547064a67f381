#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data volume.
# sen_owner owns the schema and runs migrations; sen_app is what api and worker log in as (no DDL, no RLS bypass).
# No `set -u`: the entrypoint sources (rather than runs) this file if it lost its exec bit.
set -eo pipefail

: "${POSTGRES_OWNER_PASSWORD:?POSTGRES_OWNER_PASSWORD must be set}"
: "${POSTGRES_APP_PASSWORD:?POSTGRES_APP_PASSWORD must be set}"

# Passwords go in as psql variables (:'name' quotes them), never spliced into the SQL text.
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
  -v owner_password="$POSTGRES_OWNER_PASSWORD" -v app_password="$POSTGRES_APP_PASSWORD" <<'SQL'
SELECT 'CREATE ROLE sen_owner' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sen_owner') \gexec
SELECT 'CREATE ROLE sen_app' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sen_app') \gexec
ALTER ROLE sen_owner WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_password';
ALTER ROLE sen_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';

SELECT 'CREATE DATABASE sen OWNER sen_owner' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'sen') \gexec
ALTER DATABASE sen OWNER TO sen_owner;
GRANT CONNECT ON DATABASE sen TO sen_app;

\connect sen
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO sen_app;
ALTER SCHEMA public OWNER TO sen_owner;
SQL
