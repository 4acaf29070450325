#!/bin/sh
# Installs a Yogurt worker for pool {{pool}} and runs it under supervisord; rendered by Yogurt.
# The same steps serve cloud-init on a droplet and an install over SSH onto a server a team owns.
# Runs as root; the worker runs as the unprivileged user yogurt. It needs a Java 17 runtime,
# supervisor, curl and sha256sum (packages: {{packages}}). YOGURT_ROOT puts every file under
# another root (the tests' droplet emulator); on a real machine it is empty.
set -eu
umask 077
root="${YOGURT_ROOT:-}"
service={{service}}
endpoint={{broker_endpoint}}
handler={{handler}}
package_url={{package_url}}
package_sha256={{package_sha256}}
curve_server_key={{curve_server_key}}
curve_public_key={{curve_public_key}}
curve_secret_key={{curve_secret_key}}
# The worker's identity is the machine's name: on a droplet, the droplet's name.
name="$(hostname)"

fail() {
  echo "yogurt install on $name: $*" >&2
  exit 1
}

# 1. The user the worker runs as: a system user with no login and no home.
id -u yogurt >/dev/null 2>&1 ||
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin yogurt

# 2. A Java 17 runtime from the distribution.
command -v java >/dev/null 2>&1 || fail "no java on the PATH: install openjdk-17-jre-headless"

# 3. The release package, refused unless its SHA-256 is the configured one.
install -d -m 0755 "$root/opt/yogurt" "$root/var/lib/yogurt" "$root/var/log"
pkg="$root/var/lib/yogurt/yogurt.tar.gz"
curl -fsSL --proto '=https' --retry 10 --retry-delay 3 -o "$pkg" "$package_url" ||
  fail "cannot download $package_url (digitalocean.worker.package-url)"
got="$(sha256sum "$pkg" | cut -d' ' -f1)"
if [ "$got" != "$package_sha256" ]; then
  rm -f "$pkg"
  fail "package $package_url has SHA-256 $got, expected $package_sha256 (digitalocean.worker.package-sha256): refused"
fi
tar -xzf "$pkg" -C "$root/opt/yogurt" --strip-components=1 --no-same-owner
rm -f "$pkg"
[ -x "$root/opt/yogurt/bin/yogurt" ] || fail "package $package_url has no bin/yogurt"

# 4. CURVE keys in files only the worker's user can read (printf is a shell builtin: the secret
#    never appears on a command line).
install -d -m 0750 "$root/etc/yogurt"
install -d -m 0700 "$root/etc/yogurt/keys"
curve=""
if [ -n "$curve_server_key" ]; then
  printf 'curve\n    public-key = "%s"\n' "$curve_server_key" >"$root/etc/yogurt/keys/broker.key"
  printf 'curve\n    public-key = "%s"\n    secret-key = "%s"\n' \
    "$curve_public_key" "$curve_secret_key" >"$root/etc/yogurt/keys/worker.key_secret"
  chmod 0600 "$root/etc/yogurt/keys/broker.key" "$root/etc/yogurt/keys/worker.key_secret"
  curve=" --curve-server $root/etc/yogurt/keys/broker.key --curve-keys $root/etc/yogurt/keys/worker.key_secret"
fi
chown -R yogurt:yogurt "$root/etc/yogurt/keys"
chown root:yogurt "$root/etc/yogurt"

# 5. The supervisord program: restarts a crashed worker, one second later after each failed start.
install -d -m 0755 "$root/etc/supervisor/conf.d"
cat >"$root/etc/supervisor/conf.d/yogurt-worker.conf" <<CONF
[program:yogurt-worker]
command=$root/opt/yogurt/bin/yogurt worker --endpoint $endpoint --service $service --name $name --handler $handler$curve
user=yogurt
directory=/
autostart=true
autorestart=true
startsecs=5
startretries=100
stopsignal=TERM
stopwaitsecs=60
redirect_stderr=true
stdout_logfile=$root/var/log/yogurt-worker.log
stdout_logfile_maxbytes=10MB
CONF
chmod 0644 "$root/etc/supervisor/conf.d/yogurt-worker.conf"

# 6. Start it.
if command -v systemctl >/dev/null 2>&1; then
  systemctl enable --now supervisor
fi
supervisorctl reread
supervisorctl update
echo "yogurt install on $name: worker for '$service' at $endpoint started"
