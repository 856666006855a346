#!/bin/bash -eu
# Builds handoff-kit's fuzz targets for OSS-Fuzz and ClusterFuzzLite (JVM, libFuzzer + Jazzer).
# Not run on the development machine (no OSS-Fuzz base image there): see fuzz/README.md.
#
# OSS-Fuzz conventions used: $SRC holds the sources (this repository at $SRC/handoff-kit unless
# HANDOFF_KIT_SRC says otherwise), $OUT receives one executable per fuzzer plus
# <fuzzer>_seed_corpus.zip, jazzer_driver and jazzer_agent_deploy.jar are put into $OUT by the
# base image's compile step, $JVM_LD_LIBRARY_PATH points at the JVM's native libraries.
#
# Every target runs through io.handoffkit.fuzz.ossfuzz.OssFuzzEntry with its name as the target
# argument: the same logic, oracles and input format as the JUnit @FuzzTest of the same name, so
# crash files move between OSS-Fuzz and `handoff-kit fuzz` unchanged. The differential targets need
# the upstream peer, which an OSS-Fuzz image lacks: FuzzTarget's list below leaves them out.

cd "${HANDOFF_KIT_SRC:-$SRC/handoff-kit}"

# reference-impl, conformance and the fuzz module's jar; the seed corpora are generated from
# vectors/ into fuzz/target/test-classes (the build step of the fuzz module)
./mvnw -B -ntp -q install -DskipTests

lib="$OUT/handoff-kit-lib"
rm -rf "$lib" && mkdir -p "$lib"
# runtime dependencies without Jazzer's own jars: the OSS-Fuzz agent provides the Jazzer API
./mvnw -B -ntp -q -pl fuzz dependency:copy-dependencies -DincludeScope=runtime \
    -DexcludeGroupIds=com.code-intelligence -DoutputDirectory="$lib"
cp fuzz/target/fuzz-*.jar "$lib/handoff-kit-fuzz.jar"

runtime_classpath=""
for jar in "$lib"/*.jar; do
  runtime_classpath+="\$this_dir/handoff-kit-lib/$(basename "$jar"):"
done
runtime_classpath+="\$this_dir"

# one wrapper per target: handoff_<name with underscores>
java -cp "$lib/*:${JAZZER_API_PATH:?the OSS-Fuzz base image sets JAZZER_API_PATH}" io.handoffkit.fuzz.FuzzTarget | while IFS=$'\t' read -r name test inputs; do
  fuzzer="handoff_${name//-/_}"
  cat > "$OUT/$fuzzer" <<WRAPPER
#!/bin/bash
# LLVMFuzzerTestOneInput -- the marker OSS-Fuzz looks for in fuzzer executables.
# handoff-kit target "$name" ($test)
this_dir=\$(dirname "\$0")
LD_LIBRARY_PATH="$JVM_LD_LIBRARY_PATH":\$this_dir \\
\$this_dir/jazzer_driver --agent_path=\$this_dir/jazzer_agent_deploy.jar \\
  --cp=$runtime_classpath \\
  --target_class=io.handoffkit.fuzz.ossfuzz.OssFuzzEntry \\
  --target_args=$name \\
  --instrumentation_includes=io.handoffkit.**:com.google.protobuf.** \\
  --jvm_args="-Xmx512m" \\
  "\$@"
WRAPPER
  chmod +x "$OUT/$fuzzer"

  # seeds (from vectors/) and committed crash reproducers, both under the test classpath
  seeds="fuzz/target/test-classes/$inputs"
  if [ -d "$seeds" ] && [ -n "$(ls -A "$seeds")" ]; then
    (cd "$seeds" && zip -q -j "$OUT/${fuzzer}_seed_corpus.zip" ./*)
  fi
done
