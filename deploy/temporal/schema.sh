#!/bin/sh
# Creates the `temporal` and `temporal_visibility` databases and brings both schemas up to the
# server's version. Every step can run again safely (a restart, or a newer version, upgrades in
# place). Run by docker-compose.yml's temporal-schema (admin-tools image) and by the native
# topology (scripts/prodTopology.ts) with the `sql` tool built from the same server version.
#   SQL_TOOL    the schema tool (default temporal-sql-tool, as admin-tools names it)
#   SCHEMA_DIR  the server's schema/postgresql/v12 folder (default: where admin-tools keeps it)
#   SQL_HOST SQL_PORT SQL_USER SQL_PASSWORD   the PostgreSQL server (SQL_PASSWORD is read by the tool)
set -eu
tool=${SQL_TOOL:-temporal-sql-tool}
schema=${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}
sql() { "$tool" --plugin postgres12 --ep "${SQL_HOST:-postgresql}" -p "${SQL_PORT:-5432}" -u "${SQL_USER:-temporal}" "$@"; }
sql --db temporal create
sql --db temporal setup-schema -v 0.0
sql --db temporal update-schema -d "$schema/temporal/versioned"
sql --db temporal_visibility create
sql --db temporal_visibility setup-schema -v 0.0
sql --db temporal_visibility update-schema -d "$schema/visibility/versioned"
echo "Temporal schema is up to date."
