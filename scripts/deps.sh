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

# What building and running `canhgiac` needs beyond Rust: Tesseract (library, headers and the
# Vietnamese and English models), Leptonica, libclang for the bindings' generator, and ffmpeg
# (with ffprobe) that video fingerprints run as a child process.
need_build_deps() {
    need_command pkg-config pkg-config
    need_command ffmpeg ffmpeg
    need_command ffprobe ffmpeg
    need_file "/usr/include/tesseract/baseapi.h" libtesseract-dev
    need_file "/usr/include/leptonica/allheaders.h" libleptonica-dev
    need_file "/usr/lib/llvm-*/lib/libclang.so*" libclang-dev
    need_file "/usr/share/tesseract-ocr/*/tessdata/vie.traineddata" tesseract-ocr-vie
    need_file "/usr/share/tesseract-ocr/*/tessdata/eng.traineddata" tesseract-ocr-eng
}
