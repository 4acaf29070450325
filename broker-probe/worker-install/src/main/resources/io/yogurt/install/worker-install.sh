#!/bin/sh
# Installs Yogurt workers under supervisord; rendered by Yogurt. Safe to run again.
# One template for every delivery: cloud-init on a droplet and `yogurt hosts install` over ssh run
# the same steps; only the parameters and the programs sections differ. Runs as root (a non-root
# user that owns the directories and the supervisord can install too, when Java and the workers'
# user are already there). The script holds the workers' CURVE secret key: never on a command line.
# YOGURT_ROOT puts every file under another root (the tests' droplet emulator); on a machine it is
# empty.
set -eu
umask 022
root="${YOGURT_ROOT:-}"
# ---- parameters: what differs between deliveries
name={{name}}
dir="$root"{{install_dir}}
keys="$root"{{keys_dir}}
conf_dir="$root"{{conf_dir}}
log_dir="$root"{{log_dir}}
user={{user}}
package_url={{package_url}}
package_sha256={{package_sha256}}
package_protocols={{package_protocols}}
settings={{settings}}
supervisorctl={{supervisorctl}}
programs={{programs}}
curve_server_key={{curve_server_key}}
curve_public_key={{curve_public_key}}
curve_secret_key={{curve_secret_key}}
# ---- steps: the same for every delivery
fail() {
  echo "yogurt install on $name: $*" >&2
  exit 1
}

# 1. A Java 17 runtime from the distribution when the machine has no java; supervisord's client.
if ! command -v java >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || fail "no java on the PATH and not root: install {{java_package}}"
  echo "installing {{java_package}}"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends {{java_package}}; } \
    >/dev/null || fail "cannot install {{java_package}}"
fi
command -v "${supervisorctl%% *}" >/dev/null 2>&1 ||
  fail "no ${supervisorctl%% *}: expected supervisord installed (Debian: supervisor)"

# 2. The workers' user: a system user with no login and no home.
if [ -n "$user" ] && ! id -u "$user" >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user" ||
    fail "cannot create user $user"
fi

# 3. The release package, refused unless its SHA-256 is the configured one; skipped when this very
#    version is installed.
if [ "$(cat "$dir/.package-sha256" 2>/dev/null || true)" = "$package_sha256" ]; then
  echo "package $package_sha256 already installed in $dir"
else
  install -d -m 0755 "$dir"
  pkg="$dir/.download.tar.gz"
  curl -fsSL --proto "=$package_protocols" --retry 10 --retry-delay 3 -o "$pkg" "$package_url" ||
    fail "cannot download $package_url ($settings.package-url)"
  got="$(sha256sum "$pkg" | cut -d' ' -f1)"
  if [ "$got" != "$package_sha256" ]; then
    rm -f "$pkg"
    fail "package $package_url has SHA-256 $got, expected $package_sha256 ($settings.package-sha256): refused"
  fi
  tar -xzf "$pkg" -C "$dir" --strip-components=1 --no-same-owner
  rm -f "$pkg"
  echo "$package_sha256" >"$dir/.package-sha256"
  echo "package installed in $dir"
fi
[ -x "$dir/bin/yogurt" ] || fail "$dir/bin/yogurt missing: expected a Yogurt release package"

# 4. CURVE key files only the workers' user can read (printf is a shell builtin: the secret never
#    appears on a command line).
if [ -n "$curve_server_key" ]; then
  install -d -m 0700 "$keys"
  umask 077
  printf 'curve\n    public-key = "%s"\n' "$curve_server_key" >"$keys/broker.key"
  printf 'curve\n    public-key = "%s"\n    secret-key = "%s"\n' \
    "$curve_public_key" "$curve_secret_key" >"$keys/worker.key_secret"
  umask 022
  chmod 0600 "$keys/broker.key" "$keys/worker.key_secret"
  [ -z "$user" ] || chown -R "$user" "$keys"
  echo "CURVE key files written in $keys (0600)"
fi

# 5. The supervisord programs, one file each in conf_dir, replaced only when it differs.
install -d -m 0755 "$conf_dir" "$log_dir"
[ -z "$user" ] || chown "$user" "$log_dir"
program() {
  cat >"$conf_dir/$1.conf.new"
  if cmp -s "$conf_dir/$1.conf.new" "$conf_dir/$1.conf"; then
    rm -f "$conf_dir/$1.conf.new"
    echo "program $1 unchanged"
  else
    chmod 0644 "$conf_dir/$1.conf.new"
    mv "$conf_dir/$1.conf.new" "$conf_dir/$1.conf"
    echo "program $1 written ($2)"
  fi
}
# ---- programs: what differs between deliveries
{{program_sections}}
# ---- steps, continued: the same for every delivery
# 6. supervisord takes the programs in: autostarted ones start, slots wait until Yogurt starts
#    them. The distribution's supervisord is started first when it is installed but not running.
if ! $supervisorctl pid >/dev/null 2>&1 && [ "$supervisorctl" = supervisorctl ] &&
  [ -d /run/systemd/system ] && [ "$(id -u)" -eq 0 ]; then
  systemctl enable --now supervisor || fail "supervisord is not running and cannot be started"
fi
$supervisorctl reread >/dev/null || fail "$supervisorctl reread failed"
# $programs unquoted: one word per program.
$supervisorctl update $programs || fail "$supervisorctl update failed"
echo "yogurt install on $name: programs $programs installed"
