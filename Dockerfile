# One multi-stage build for every executable of the solution (they share Directory.*.props and the contracts):
#   docker build --build-arg PROJECT=Orders.Api -t orders-api .
# PROJECT: Orders.Api | Orders.Workers | Orders.Inventory | migrations (the one-shot migrator, with ASSEMBLY=Orders.Migrations)
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG PROJECT
WORKDIR /src
# Restore first, from the project files only, so that the package layer is cached across source changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Orders.Contracts/Orders.Contracts.csproj Orders.Contracts/
COPY Orders.Messaging/Orders.Messaging.csproj Orders.Messaging/
COPY Orders.ServiceDefaults/Orders.ServiceDefaults.csproj Orders.ServiceDefaults/
COPY Orders.Inventory/Orders.Inventory.csproj Orders.Inventory/
COPY Orders.Workers/Orders.Workers.csproj Orders.Workers/
COPY Orders.Api/Orders.Api.csproj Orders.Api/
COPY migrations/Orders.Migrations.csproj migrations/
RUN dotnet restore ${PROJECT}
COPY . .
RUN dotnet publish ${PROJECT} -c Release --no-restore -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
ARG PROJECT
# The assembly to run, when it is not named like its folder (migrations/ builds Orders.Migrations.dll).
ARG ASSEMBLY=${PROJECT}
# curl for the container health check; nothing else is added to the runtime image.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_ENVIRONMENT=Production \
    ENTRY_ASSEMBLY=${ASSEMBLY}.dll
# The images' non-root user: the service never runs as root.
USER $APP_UID
ENTRYPOINT ["sh", "-c", "exec dotnet \"$ENTRY_ASSEMBLY\" \"$@\"", "--"]
