#!/bin/sh
# temporal-setup (temporalio/admin-tools): what the deprecated auto-setup image did on every
# start, done once before the server starts. Every step is idempotent: `create` ignores an
# existing database, `setup-schema -v 0.0` skips a database already past 0.0, and
# `update-schema` applies only the versions not applied yet. Connection: SQL_* variables.
set -eu
schemas=/etc/temporal/schema/postgresql/v12
for db in temporal temporal_visibility; do
  dir=$db
  [ "$db" = temporal_visibility ] && dir=visibility
  temporal-sql-tool --db "$db" create
  temporal-sql-tool --db "$db" setup-schema -v 0.0
  temporal-sql-tool --db "$db" update-schema -d "$schemas/$dir/versioned"
done
# The TypeScript worker's catalog; it creates its own table at start.
temporal-sql-tool --db catalog create
echo "temporal-setup: databases temporal, temporal_visibility and catalog are ready"
