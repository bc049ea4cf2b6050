# Installs Debian packages the tests need, only when missing. Source it, then call
#   need_command COMMAND PACKAGE   # install PACKAGE unless COMMAND is on PATH
#   need_file PATTERN PACKAGE      # install PACKAGE unless a file matches PATTERN

apt_updated=""

apt_install() {
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    if [ -z "$apt_updated" ]; then
        $sudo apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

need_command() {
    command -v "$1" >/dev/null 2>&1 || apt_install "$2"
}

need_file() {
    # shellcheck disable=SC2086
    ls $1 >/dev/null 2>&1 || apt_install "$2"
}
