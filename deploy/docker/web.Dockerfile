# syntax=docker/dockerfile:1
# The web portal: clients/web built with Vite, served by nginx, which also routes /api/* to the services.
# Build context: the repository root, e.g.
#   docker build -f deploy/docker/web.Dockerfile -t rman/web:1.0.0 .

# ---- build ----
FROM node:20 AS build
WORKDIR /src/clients/web
COPY clients/web/package.json clients/web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY clients/web/ ./
RUN npm run build

# ---- serve: nginx as the image's unprivileged nginx user (uid/gid 101) on port 8080 ----
FROM nginx:1.27-alpine
RUN rm -f /etc/nginx/conf.d/default.conf
COPY deploy/docker/nginx.conf /etc/nginx/nginx.conf
COPY --from=build /src/clients/web/dist /usr/share/nginx/html
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["sh", "-c", "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"]
# Numeric, so that Kubernetes' runAsNonRoot can check it.
USER 101:101
