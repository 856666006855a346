# The bundled reference backend. The runner mounts its socket directory at /handoff.
ARG BASE
FROM ${BASE}
COPY handoff-kit.jar /opt/handoff-kit/handoff-kit.jar
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-cp", "/opt/handoff-kit/handoff-kit.jar", "io.handoffkit.transport.unix.ReferenceBackendMain"]
# a short offer deadline, so a conformance run's robustness cases finish fast
CMD ["--socket", "/handoff/backend.sock", "--offer-deadline-ms", "300"]
