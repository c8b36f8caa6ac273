#!/usr/bin/env bash
# Installs MariaDB when absent and starts it on 127.0.0.1:3306 (no root password, socket auth),
# then creates the test database and user. Idempotent: safe to run when it is already running.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! command -v mariadbd >/dev/null 2>&1 && ! command -v mysqld >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq mariadb-server >/dev/null
fi
if ! mysqladmin --protocol=socket ping >/dev/null 2>&1; then
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  if [ ! -d /var/lib/mysql/mysql ]; then mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null; fi
  (mariadbd --user=mysql --bind-address=127.0.0.1 --port=3306 --datadir=/var/lib/mysql \
      --innodb-flush-log-at-trx-commit=2 --skip-log-bin >/tmp/coachloop-mariadb.log 2>&1 &)
  for _ in $(seq 1 60); do mysqladmin --protocol=socket ping >/dev/null 2>&1 && break; sleep 0.5; done
  mysqladmin --protocol=socket ping >/dev/null
fi
mariadb --protocol=socket <<'SQL'
CREATE DATABASE IF NOT EXISTS coachloop_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'coachloop'@'127.0.0.1' IDENTIFIED BY 'coachloop';
CREATE USER IF NOT EXISTS 'coachloop'@'localhost' IDENTIFIED BY 'coachloop';
GRANT ALL PRIVILEGES ON `coachloop\_%`.* TO 'coachloop'@'127.0.0.1';
GRANT ALL PRIVILEGES ON `coachloop\_%`.* TO 'coachloop'@'localhost';
FLUSH PRIVILEGES;
SQL
mariadb --version
