# Sourced by the root scripts: puts the pinned pnpm on PATH without a global install.
# npm installs it once into .tools/ (gitignored); turbo, which calls `pnpm run`, then finds it too.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pnpm_version=$(node -p "require('$root/package.json').packageManager.split('@')[1]")
tools="$root/.tools"
if [ ! -x "$tools/node_modules/.bin/pnpm" ] || [ "$("$tools/node_modules/.bin/pnpm" --version 2>/dev/null)" != "$pnpm_version" ]; then
  echo "Setting up pnpm $pnpm_version in .tools/ …"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "pnpm@$pnpm_version" >/dev/null
fi
export PATH="$tools/node_modules/.bin:$root/node_modules/.bin:$PATH"
