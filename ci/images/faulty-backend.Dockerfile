# A deliberately faulty backend from the self-validation catalogue (Fault): it violates one requirement.
ARG BASE
FROM ${BASE}
ARG FAULT
ENV HANDOFF_KIT_FAULT=${FAULT}
COPY handoff-kit.jar /opt/handoff-kit/handoff-kit.jar
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-cp", "/opt/handoff-kit/handoff-kit.jar", "io.handoffkit.conformance.runner.faulty.MiniBackendMain"]
CMD ["--socket", "/handoff/backend.sock", "--offer-deadline-ms", "200"]
