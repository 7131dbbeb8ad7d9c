#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 refuses newer ones), or fails.
set -u
is_310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }
for candidate in "${PYTHON310:-}" python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do
  [ -n "$candidate" ] || continue
  if is_310 "$candidate"; then command -v "$candidate"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  version=$(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.[0-9]+)?$' | sort -V | tail -n 1)
  if [ -n "$version" ]; then
    candidate="$(pyenv root)/versions/$version/bin/python3.10"
    if is_310 "$candidate"; then echo "$candidate"; exit 0; fi
  fi
fi
echo "Python 3.10 not found. Install it (e.g. apt-get install python3.10 or pyenv install 3.10) or set PYTHON310." >&2
exit 1
