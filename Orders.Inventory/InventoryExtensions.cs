using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orders.Inventory.Catalogue;
using Orders.Inventory.Data;
using Orders.Inventory.Errors;
using Orders.Inventory.Health;
using Orders.Inventory.Reservations;
using Orders.Inventory.Stock;
using Orders.ServiceDefaults;
using InventoryGrpc = Orders.Contracts.Inventory.Inventory;

namespace Orders.Inventory;

/// <summary>Everything Inventory registers and maps, so the service and its tests host the very same app.</summary>
public static class InventoryExtensions
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddInventory(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddOrdersObservability("orders-inventory");
        builder.AddOperationsEndpoint();

        services.AddOptions<InventoryOptions>()
            .BindConfiguration(InventoryOptions.Section)
            .Validate(options => options.ReservationTtl > TimeSpan.Zero, "Inventory:ReservationTtl must be positive.")
            .Validate(options => options.SweepInterval > TimeSpan.Zero, "Inventory:SweepInterval must be positive.")
            .ValidateOnStart();

        var connectionString = builder.Configuration.GetConnectionString("Inventory")
            ?? throw new InvalidOperationException("ConnectionStrings:Inventory is not configured.");
        DevelopmentSecrets.RefuseInProduction(builder.Environment, builder.Configuration, "Inventory");

        // One pool per process: the reservation statements run on it directly, EF Core runs everything else on it.
        services.AddSingleton(_ => NpgsqlDataSource.Create(ServiceDatabase.ConnectionString(connectionString)));
        services.AddDbContext<InventoryDbContext>((provider, options) => options.UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>()));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InventoryMetrics>();

        services.AddScoped<ReserveStock>();
        services.AddScoped<ReleaseReservation>();
        services.AddScoped<CommitReservation>();
        services.AddScoped<GetStock>();
        services.AddScoped<SetStock>();

        services.AddSingleton<DemoCatalogue>();
        services.AddHostedService(provider => provider.GetRequiredService<DemoCatalogue>());
        services.AddSingleton<ReservationSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<ReservationSweeper>());

        services.AddGrpc(options => options.Interceptors.Add<ErrorInterceptor>());
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(options =>
            {
                options.Services.Map(string.Empty, result => result.Tags.Contains(ReadyTag));
                options.Services.Map(InventoryGrpc.Descriptor.FullName, result => result.Tags.Contains(ReadyTag));
            })
            .AddCheck<InventoryDatabaseCheck>("postgres", tags: [ReadyTag]);

        return builder;
    }

    public static WebApplication MapInventory(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapGrpcService<InventoryService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapOrdersMetrics();

        return app;
    }
}
