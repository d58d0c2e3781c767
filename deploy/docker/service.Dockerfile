# syntax=docker/dockerfile:1
# One image per service, selected by build arg SERVICE (auth|customer|order|complaint) and PORT (its default port).
# Build context: the repository root (deploy/docker/docker-compose.yml does this), e.g.
#   docker build -f deploy/docker/service.Dockerfile --build-arg SERVICE=auth --build-arg PORT=3001 -t rman/auth:1.0.0 .
# service.Dockerfile.dockerignore keeps the context to the sources the build needs.

# ---- build: the C++ release preset (tests off), plus swagger-ui-dist for /docs ----
FROM debian:12 AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config \
      librestinio-dev libasio-dev libhttp-parser-dev libfmt-dev libspdlog-dev \
      libboost-json1.81-dev prometheus-cpp-dev libcurl4-openssl-dev libssl-dev \
      libsqlite3-dev libcrypt-dev libmongoc-dev \
      nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY CMakeLists.txt CMakePresets.json ./
COPY cmake cmake
COPY common common
COPY services services
# All four services by default, so this stage is identical (and cached once) for the four images;
# --build-arg BUILD_TARGETS=auth builds just one.
ARG BUILD_TARGETS="auth customer order complaint"
RUN cmake --preset release \
 && cmake --build --preset release --target ${BUILD_TARGETS}

# ---- runtime: shared libraries only ----
FROM debian:12-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libboost-json1.81.0 libfmt9 libspdlog1.10 libprometheus-cpp-core1.0 libcurl4 libssl3 \
      libsqlite3-0 libhttp-parser2.9 libcrypt1 libmongoc-1.0-0 libbson-1.0-0 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 rman \
 && useradd --uid 10001 --gid rman --home-dir /var/lib/rman --no-create-home --shell /usr/sbin/nologin rman \
 && mkdir -p /var/lib/rman /opt/rman/bin \
 && chown rman:rman /var/lib/rman && chmod 0750 /var/lib/rman
# The only assets /docs serves (kAssets in common/src/http/app.cpp), with the package's licence.
COPY --from=build /src/node_modules/swagger-ui-dist/swagger-ui.css \
                  /src/node_modules/swagger-ui-dist/swagger-ui-bundle.js \
                  /src/node_modules/swagger-ui-dist/favicon-32x32.png \
                  /src/node_modules/swagger-ui-dist/LICENSE \
                  /src/node_modules/swagger-ui-dist/NOTICE \
                  /opt/rman/swagger-ui-dist/

# Declared after the shared layers above so that they are cached once for all four images.
ARG SERVICE
ARG PORT
RUN case "${SERVICE}" in auth|customer|order|complaint) ;; \
      *) echo "build arg SERVICE must be auth, customer, order or complaint (got '${SERVICE}')" >&2; exit 1 ;; esac \
 && case "${PORT}" in ''|*[!0-9]*) echo "build arg PORT must be the service's port: auth 3001, customer 8001, order 8002, complaint 8003" >&2; exit 1 ;; esac
COPY --from=build /src/build/release/services/${SERVICE}/${SERVICE} /opt/rman/bin/${SERVICE}
# Fails the build if a shared library is missing from the runtime packages above (or ldd fails).
RUN ln -s "${SERVICE}" /opt/rman/bin/service \
 && libs="$(ldd "/opt/rman/bin/${SERVICE}")" \
 && case "${libs}" in *"not found"*) echo "${libs}" >&2; exit 1 ;; esac

LABEL org.opencontainers.image.title="rman-${SERVICE}" org.opencontainers.image.version="1.0.0"
ENV PORT=${PORT} \
    HOST=0.0.0.0 \
    DATA_DIR=/var/lib/rman \
    SWAGGER_UI_DIR=/opt/rman/swagger-ui-dist
# SQLite databases (the default DATABASE_URL, sqlite://$DATA_DIR/<service>.db) and Auth's generated development
# secrets (without JWT_PRIVATE_KEY_FILE) live here. A service on MongoDB (DATABASE_URL=mongodb://…) writes nothing
# else here.
VOLUME ["/var/lib/rman"]
EXPOSE ${PORT}
WORKDIR /opt/rman
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["sh", "-c", "curl -fsS -o /dev/null \"http://127.0.0.1:${PORT}/health\" || exit 1"]
# The rman user, numeric so that Kubernetes' runAsNonRoot can check it.
USER 10001:10001
# The service handles SIGTERM itself (graceful stop), so it runs as PID 1 without an init.
ENTRYPOINT ["/opt/rman/bin/service"]
