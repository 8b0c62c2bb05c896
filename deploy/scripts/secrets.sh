# shellcheck shell=bash
# The generated development secrets and the effective settings. Sourced by ./tracklayer, whose settings
# (ports, paths, ROOT, STATE, RUN, LOGS, LIB) and log/die it uses.

# ---------------------------------------------------------------- secrets

# Development secrets, made once; real deployments set these variables themselves.
load_secrets() {
  mkdir -p "$STATE"
  if [ ! -f "$STATE/secrets.env" ]; then
    umask 077
    {
      echo "TRACKLAYER_JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=' | head -c 48)"
      echo "TRACKLAYER_CREDENTIALS_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
    } >"$STATE/secrets.env"
  fi
  # Generated for development; an operator's own secret (environment or file) wins.
  load_env_file "$STATE/secrets.env"
}

# The settings that differ from the defaults, where each comes from; secrets masked.
print_settings() {
  local name value from
  for name in $(compgen -e | grep '^TRACKLAYER_' | sort); do
    [ "$name" = TRACKLAYER_CONFIG ] && continue
    value="${!name}"
    case "$name" in *SECRET* | *PASSWORD* | *KEY*) value="(set, ${#value} characters)" ;; esac
    from=environment
    [[ " ${CONFIGURED[*]} " == *" $name "* ]] && from="$CONFIG_FILE"
    printf '  %-40s %s  (%s)\n' "$name" "$value" "$from"
  done
}
