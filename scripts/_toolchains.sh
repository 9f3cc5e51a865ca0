# Sourced by scripts that need the sandbox's Java and Go test-suite toolchains (docs/LANGUAGES.md).
# ensure_toolchains: install Debian's JDK, JUnit 5, JaCoCo and Go when one is missing; a no-op when all are there.

ensure_toolchains() {
  local missing=()
  command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
  [[ -f /usr/share/java/junit-platform-console-standalone.jar ]] || missing+=(junit5)
  [[ -f /usr/share/java/org.jacoco.core.jar ]] || missing+=(libjacoco-java)
  # Libraries real projects' tests import (the labelled dataset's Java projects; see execrl/sandbox/languages/java.py).
  [[ -f /usr/share/java/mockito-core.jar ]] || missing+=(libmockito-java)
  [[ -f /usr/share/java/easymock.jar ]] || missing+=(libeasymock-java)
  [[ -f /usr/share/java/assertj-core.jar ]] || missing+=(libassertj-core-java)
  command -v go >/dev/null || missing+=(golang-go)
  # A real Go package with its tests, for the Go mutation tests (tests/mutation/test_go.py).
  [[ -d /usr/share/gocode/src/github.com/google/go-cmp ]] || missing+=(golang-github-google-go-cmp-dev)
  ((${#missing[@]})) || return 0
  local sudo=()
  [[ $(id -u) == 0 ]] || sudo=(sudo)
  echo "installing toolchains: ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}
