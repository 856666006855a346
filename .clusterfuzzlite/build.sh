#!/bin/bash -eu
# ClusterFuzzLite builds exactly what OSS-Fuzz builds.
exec "$SRC/handoff-kit/ci/oss-fuzz/build.sh"
