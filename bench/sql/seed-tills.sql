-- Seeds tills FROM..TO of bench/admin-scale.sh's population straight into Keycloak's PostgreSQL tables, as the
-- import would create them (user, role `till`, store group round robin, a password credential copied from an
-- imported till), for list measurements at full size when importing them would take longer than the run has.
-- The credential is one Argon2 hash shared by all seeded tills: the lists never read it beyond its algorithm.
--   psql -v realm=admin-till -v from=10001 -v to=50000 -v tills=50000 -v stores=5000 -f bench/sql/seed-tills.sql
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE seed AS
  SELECT i,
         md5('till-seed-' || i)::uuid::text AS user_id,
         'till-' || lpad(i::text, length(:'tills'), '0') AS username,
         'store-' || lpad((((i - 1) % :stores) + 1)::text, length(:'stores'), '0') AS store
  FROM generate_series(:from, :to) AS i;
INSERT INTO user_entity (id, email_verified, enabled, realm_id, username, created_timestamp, not_before)
  SELECT s.user_id, false, true, r.id, s.username, (extract(epoch FROM now()) * 1000)::bigint, 0
  FROM seed s, realm r WHERE r.name = :'realm';
INSERT INTO user_role_mapping (role_id, user_id)
  SELECT kr.id, s.user_id FROM seed s, realm r JOIN keycloak_role kr ON kr.realm_id = r.id AND kr.name = 'till'
  WHERE r.name = :'realm';
INSERT INTO user_group_membership (group_id, user_id, membership_type)
  SELECT g.id, s.user_id, 'UNMANAGED' FROM seed s
  JOIN realm r ON r.name = :'realm'
  JOIN keycloak_group p ON p.realm_id = r.id AND p.name = 'stores' AND p.parent_group = ' '
  JOIN keycloak_group g ON g.parent_group = p.id AND g.name = s.store;
INSERT INTO credential (id, salt, type, user_id, created_date, user_label, secret_data, credential_data, priority, version)
  SELECT md5('cred-seed-' || s.i)::uuid::text, c.salt, c.type, s.user_id, c.created_date, c.user_label, c.secret_data,
         c.credential_data, c.priority, 0
  FROM seed s, (SELECT c.* FROM credential c JOIN user_entity u ON u.id = c.user_id JOIN realm r ON r.id = u.realm_id
                WHERE r.name = :'realm' AND c.type = 'password' LIMIT 1) c;
COMMIT;
