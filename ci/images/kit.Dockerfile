# The kit as a container: docker run --rm --network none -v DIR:/handoff IMAGE run --socket /handoff/backend.sock
ARG BASE
FROM ${BASE}
COPY handoff-kit.jar /opt/handoff-kit/handoff-kit.jar
ENV TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true TESTCONTAINERS_HOST_OVERRIDE=localhost
WORKDIR /work
ENTRYPOINT ["java", "-jar", "/opt/handoff-kit/handoff-kit.jar"]
CMD ["--help"]
