#!/usr/bin/env bash
# t011_node_postgres: a node-postgres program (parameters, prepared
# statements, transactions, errors with SQLSTATEs, a pool of concurrent
# clients updating one row) behaves against minipg as against PostgreSQL
# 15, where the same program was checked.  Then the same program logs in
# with md5 and with SCRAM-SHA-256 passwords.
source "$(dirname "$0")/lib.sh"
NODE_DIR="$MINIPG_SRC/engine/test/node"
[ -d "$NODE_DIR/node_modules/pg" ] || (cd "$NODE_DIR" && npm ci --silent --no-audit --no-fund) \
  || fail "could not install node-postgres"

cluster_init
cluster_start
step "node-postgres program, trust authentication"
out=$(cd "$NODE_DIR" && node client_test.js 2>&1) || fail "node client test failed: $out"
assert_contains "$out" "all checks passed" "node client output"

step "md5 and SCRAM-SHA-256 logins"
q "set password_encryption = 'md5'; create role node_md5 login password 'pw_md5'"
q "set password_encryption = 'scram-sha-256'; create role node_scram login password 'pw_scram'"
cat > "$DATA/pg_hba.conf" <<HBA
local all postgres trust
local all node_md5 md5
local all node_scram scram-sha-256
HBA
"$MINIPG_BIN/minipg_ctl" reload -D "$DATA" >/dev/null
for who in md5 scram; do
  out=$(cd "$NODE_DIR" && PGUSER=node_$who PGPASSWORD=pw_$who node -e "
    const {Client}=require('pg'); const c=new Client();
    c.connect().then(()=>c.query('select current_user as u')).then(r=>{console.log(r.rows[0].u); return c.end();})
     .catch(e=>{console.error(e.message); process.exit(1);});" 2>&1) || fail "$who login failed: $out"
  assert_eq "$out" "node_$who" "$who login user"
  out=$(cd "$NODE_DIR" && PGUSER=node_$who PGPASSWORD=wrong node -e "
    const {Client}=require('pg'); const c=new Client();
    c.connect().then(()=>{console.log('connected'); process.exit(1);}).catch(e=>{console.log(e.code+' '+e.message);});" 2>&1)
  assert_eq "$out" "28P01 password authentication failed for user \"node_$who\"" "$who wrong password"
done
pass
