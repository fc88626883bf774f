# syntax=docker/dockerfile:1
# One image with the evopo CLI: the coordinator (`evopo coordinator ...`, searches submitted to its API) and the
# workers (`evopo worker ...`) are commands of the same image. TORCH_BACKEND picks TorchSharp's backend and the base:
#   docker build -t evopo:cpu .
#   docker build -t evopo:cuda --build-arg TORCH_BACKEND=cuda .
# docs/operations.md has the rest (compose, Kubernetes).

ARG TORCH_BACKEND=cpu
ARG DOTNET_TAG=10.0-noble
ARG CUDA_BASE=nvidia/cuda:12.8.1-base-ubuntu24.04

# --- build: the SDK on Ubuntu 24.04, the same distribution as both runtime bases (libmujoco, libstdc++) ---
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_TAG} AS build
ARG TORCH_BACKEND
# cc + libmujoco-dev: the MuJoCo shim is compiled during the build; python3 runs the TorchSharp compatibility
# check of Directory.Build.targets (a no-op on Ubuntu 24.04, whose libstdc++ is new enough).
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev libmujoco-dev python3 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Project files first, so that the package restore is cached until a project or the package list changes.
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY src/Messages/EvoPo.Messages.csproj src/Messages/
COPY src/Simulation/EvoPo.Simulation.csproj src/Simulation/
COPY src/GpuWorker/EvoPo.GpuWorker.csproj src/GpuWorker/
COPY src/Coordinator/EvoPo.Coordinator.csproj src/Coordinator/
RUN dotnet restore src/Coordinator/EvoPo.Coordinator.csproj -p:TorchBackend=${TORCH_BACKEND}
COPY build/ build/
COPY src/ src/
RUN dotnet publish src/Coordinator/EvoPo.Coordinator.csproj -c Release --no-restore \
      -p:TorchBackend=${TORCH_BACKEND} -o /out \
 && test -f /out/libevopo_mujoco.so

# --- runtime bases: plain Ubuntu 24.04 with .NET's dependencies, or NVIDIA's CUDA base (driver from the host) ---
FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_TAG} AS base-cpu
FROM ${CUDA_BASE} AS base-cuda
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility

FROM mcr.microsoft.com/dotnet/runtime:${DOTNET_TAG} AS dotnet

# --- the image ---
# hadolint ignore=DL3006
FROM base-${TORCH_BACKEND}
ARG TORCH_BACKEND
LABEL org.opencontainers.image.title="evopo" \
      org.opencontainers.image.description="EvoPO: preference-optimization losses discovered with evolution strategies (coordinator and worker)"
# libmujoco (MuJoCo tasks), fontconfig (SkiaSharp, for the report's plots), CA certificates (PostgreSQL over TLS).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libmujoco-dev libfontconfig1 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && useradd --uid 10001 --user-group --create-home --home-dir /home/evopo --shell /usr/sbin/nologin evopo \
 && mkdir -p /data/runs /data/cache \
 && chown -R evopo:evopo /data
WORKDIR /opt/evopo
COPY --from=build /out/ /opt/evopo/bin/
# Shipped agents and configs: configs name agents relative to the working directory (agents/...).
COPY agents/ /opt/evopo/agents/
COPY configs/ /opt/evopo/configs/
ENV DOTNET_ROOT=/usr/share/dotnet \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_gcServer=0 \
    XDG_CACHE_HOME=/data/cache \
    EVOPO_TORCH_BACKEND=${TORCH_BACKEND} \
    EVOPO_HTTP_PORT=9090 \
    CLUSTER_IP=0.0.0.0 \
    CLUSTER_PORT=4053
USER 10001:10001
# Akka remoting, the health and metrics endpoints (EVOPO_HTTP_PORT), and `evopo coordinator`'s API, which the
# deployments serve on 8080 with its probes and metrics (they set EVOPO_HTTP_PORT=8080 for the coordinator).
EXPOSE 4053 8080 9090
VOLUME ["/data"]
# Liveness for plain Docker (compose and Kubernetes define their own probes): /healthz over bash's /dev/tcp.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${EVOPO_HTTP_PORT} && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
# SIGTERM (docker stop, Kubernetes) reaches dotnet as PID 1 directly: a worker leaves the cluster, a
# coordinator persists what it has; give them 60 s (docker stop -t 60, terminationGracePeriodSeconds: 60).
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "/opt/evopo/bin/evopo.dll"]
CMD ["--help"]
