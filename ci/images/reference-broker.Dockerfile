# The bundled reference broker. The runner mounts its socket directory at /handoff and listens there
# on backend.sock as the backend before the container starts.
ARG BASE
FROM ${BASE}
COPY handoff-kit.jar /opt/handoff-kit/handoff-kit.jar
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-cp", "/opt/handoff-kit/handoff-kit.jar", "io.handoffkit.transport.unix.ReferenceBrokerMain"]
# a short ACK deadline, so a conformance run's silent-backend cases finish fast (the runner's --ack-deadline says the same)
CMD ["--socket", "/handoff/broker.sock", "--backend", "/handoff/backend.sock", "--ack-deadline", "300ms"]
