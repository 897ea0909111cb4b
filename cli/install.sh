#!/usr/bin/env bash
# Installs the `dyndb` command from this repository in one command: packs cli/ into a local folder and installs the
# package from there as a global .NET tool (replacing the one installed before, if any). No package source other than
# that folder is needed; sources that cannot be reached are ignored.
#
#   cli/install.sh                          # global tool: ~/.dotnet/tools/dyndb
#   DYNDB_TOOL_PATH=/opt/dyndb cli/install.sh   # into a folder instead (then /opt/dyndb/dyndb)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
feed="$here/bin/package-feed"
configuration="${DYNDB_CONFIGURATION:-Release}"

command -v dotnet >/dev/null 2>&1 || { echo "install.sh: the .NET 10 SDK ('dotnet') is not on PATH." >&2; exit 1; }

rm -rf "$feed"
mkdir -p "$feed"
echo "Packing Orleans.DynamicDb.Cli ($configuration) into $feed"
dotnet pack "$here/Orleans.DynamicDb.Cli.csproj" -c "$configuration" -o "$feed" -nologo -v q

if [[ -n "${DYNDB_TOOL_PATH:-}" ]]; then
  where=(--tool-path "$DYNDB_TOOL_PATH")
  list=(dotnet tool list --tool-path "$DYNDB_TOOL_PATH")
  command_path="$DYNDB_TOOL_PATH/dyndb"
else
  where=(--global)
  list=(dotnet tool list --global)
  command_path="${DOTNET_CLI_HOME:-$HOME}/.dotnet/tools/dyndb"
fi

# An update to the same version number would keep the old build: a present tool is replaced instead.
if "${list[@]}" 2>/dev/null | grep -qi '^orleans\.dynamicdb\.cli '; then
  echo "Replacing the installed dyndb"
  dotnet tool uninstall "${where[@]}" Orleans.DynamicDb.Cli >/dev/null
fi

dotnet tool install "${where[@]}" --add-source "$feed" --ignore-failed-sources Orleans.DynamicDb.Cli
echo "dyndb $("$command_path" --version) is at $command_path"
if [[ -z "${DYNDB_TOOL_PATH:-}" ]] && ! command -v dyndb >/dev/null 2>&1; then
  echo "Add ~/.dotnet/tools to PATH to run it as 'dyndb': export PATH=\"\$PATH:\$HOME/.dotnet/tools\""
fi
