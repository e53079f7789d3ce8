# Sourced by setup.sh and test.sh. `missing_packages P...` prints, one a line, the packages of P
# that dpkg does not have installed: installing only those keeps a prepared machine offline.
missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}
