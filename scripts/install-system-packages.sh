#!/usr/bin/env bash
# Debian packages the rendering, browser and archive (PostgreSQL) tests need. Installs only what is missing.
# In CI (CI=true) a failed install is an error; elsewhere it is a note, and the tests that
# need the missing tool skip with a reason.
set -uo pipefail
cd "$(dirname "$0")/.."
packages=()
command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-writer-nogui)
command -v pandoc >/dev/null 2>&1 || packages+=(pandoc)
command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
# the archive's tests start a throwaway PostgreSQL server (tests/postgres_server.py)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for font in fonts-noto-cjk fonts-noto-cjk-extra fonts-arphic-ukai fonts-liberation2; do
  installed "$font" || packages+=("$font")
done
# LibreOffice's Python bindings, for the system python3: the warm LibreOffice (unoserver) runs on them.
installed python3-uno || packages+=(python3-uno)
install_lo25() {
  # Word's own linesAndChars grid renders right only in LibreOffice 25.2 (bookworm-backports);
  # it is installed beside the system LibreOffice, in /opt/libreoffice-25, for that test.
  if scripts/install-libreoffice-25.sh --print-path >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" != 0 ] || ! grep -q bookworm /etc/os-release 2>/dev/null; then
    echo "提示：未安装 LibreOffice 25.2（仅 Debian 12 且有 root 权限时自动安装）；linesAndChars 网格的渲染测试将跳过。" >&2
    [ "${CI:-}" = "true" ] && return 1
    return 0
  fi
  if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      > /etc/apt/sources.list.d/jianggao-backports.sources
    apt-get update -qq
  fi
  scripts/install-libreoffice-25.sh >/dev/null || { [ "${CI:-}" = "true" ] && return 1; }
  return 0
}

if [ ${#packages[@]} -eq 0 ]; then
  install_lo25
  exit $?
fi

echo "安装系统软件包：${packages[*]}"
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else
    echo "提示：没有 root 权限，未能安装 ${packages[*]}；需要这些软件的测试将跳过。" >&2
    [ "${CI:-}" = "true" ] && exit 1
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null; }; then
  echo "系统软件包安装失败：${packages[*]}" >&2
  [ "${CI:-}" = "true" ] && exit 1
fi
install_lo25
exit $?
