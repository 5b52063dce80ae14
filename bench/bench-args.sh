# Sourced by the benchmark scripts, from the project root: compiles the tests and writes target/bench.args, the
# class path of the classes and their test-scope dependencies as a java argument file (java @target/bench.args).
# An argument file, not -cp on the command line: ONNX Runtime 1.29 (Java) crashes with SIGSEGV at start-up when
# the process command line is longer than about 4 KB.
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
echo "-cp target/classes:target/test-classes:$(cat target/bench.classpath)" > target/bench.args
