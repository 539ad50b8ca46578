#!/bin/sh
# docker-compose.yml: lets the read replica (service db-replica) stream from the primary with the
# application's account, password-checked like every other network connection.
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" \
  -c "ALTER ROLE \"$POSTGRES_USER\" WITH REPLICATION"
