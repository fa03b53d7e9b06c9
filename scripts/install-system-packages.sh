#!/usr/bin/env bash
# Debian packages the rendering and browser tests need. Installs only what is missing.
# In CI (CI=true) a failed install is an error; elsewhere it is a note, and the tests that
# need the missing tool skip with a reason.
set -uo pipefail
packages=()
command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-writer-nogui)
command -v pandoc >/dev/null 2>&1 || packages+=(pandoc)
command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Serif CJK" || packages+=(fonts-noto-cjk fonts-noto-cjk-extra)
fc-list 2>/dev/null | grep -q "AR PL UKai" || packages+=(fonts-arphic-ukai)
fc-list 2>/dev/null | grep -q "Liberation Serif" || packages+=(fonts-liberation2)
[ ${#packages[@]} -eq 0 ] && exit 0

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
exit 0
