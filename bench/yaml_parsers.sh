#!/usr/bin/env bash
# YAML parser comparison behind bench/RESULTS.md ("What it would take"): CPU time and peak RSS to
# parse the engine benchmark's N-resource manifest with yaml-cpp's YAML::LoadAll (node trees),
# with yaml-cpp's event interface (what manifests/yaml_tree.cc consumed until stop 16), and with
# libfyaml's event parser (what it consumes since). Stand-alone programs, compiled here;
# libyaml-cpp-dev is installed with apt-get if missing (Causeway no longer builds with it).
#   bench/yaml_parsers.sh [N]      (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
./scripts/setup.sh >/dev/null
if ! dpkg-query -W -f='${Status}' libyaml-cpp-dev 2>/dev/null | grep -q "install ok installed"; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get install -y -qq libyaml-cpp-dev >/dev/null
fi
WORK=$(mktemp -d /tmp/causeway-yaml-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

bench/gen_manifest.py "$WORK/manifest.yaml" "$N"

cat >"$WORK/yamlcpp.cc" <<'CC'
#include <sys/resource.h>
#include <time.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

struct Count : YAML::EventHandler {
  long n = 0;
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { ++n; }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { ++n; }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override { ++n; }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override { ++n; }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override { ++n; }
  void OnMapEnd() override {}
};

int main(int argc, char** argv) {
  std::ifstream f(argv[1]);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string text = ss.str();
  const bool events = std::string(argv[2]) == "events";
  timespec a, b;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
  size_t docs = 0;
  if (events) {
    std::stringstream in(text);
    YAML::Parser p(in);
    Count c;
    while (p.HandleNextDocument(c)) ++docs;
  } else {
    docs = YAML::LoadAll(text).size();
  }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
  rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  std::printf("yaml-cpp %-8s %zu documents: %.3f s CPU, %ld MB peak RSS\n",
              events ? "events" : "LoadAll", docs,
              (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9, ru.ru_maxrss / 1024);
}
CC

cat >"$WORK/fyaml.c" <<'CC'
#include <libfyaml.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

int main(int argc, char** argv) {
  struct timespec a, b;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
  struct fy_parse_cfg cfg = {0};
  cfg.flags = FYPCF_QUIET;
  struct fy_parser* p = fy_parser_create(&cfg);
  fy_parser_set_input_file(p, argv[1]);
  long events = 0;
  struct fy_event* ev;
  while ((ev = fy_parser_parse(p)) != NULL) {
    ++events;
    fy_parser_event_free(p, ev);
  }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("libfyaml events  %ld events: %.3f s CPU, %ld MB peak RSS\n", events,
         (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9, ru.ru_maxrss / 1024);
  fy_parser_destroy(p);
  return 0;
}
CC

g++ -O2 "$WORK/yamlcpp.cc" -o "$WORK/yamlcpp" -lyaml-cpp
gcc -O2 "$WORK/fyaml.c" -o "$WORK/fyaml" $(pkg-config --cflags --libs libfyaml)
echo "manifest: $N resources, $(stat -c %s "$WORK/manifest.yaml") bytes"
"$WORK/yamlcpp" "$WORK/manifest.yaml" loadall
"$WORK/yamlcpp" "$WORK/manifest.yaml" events
"$WORK/fyaml" "$WORK/manifest.yaml"
