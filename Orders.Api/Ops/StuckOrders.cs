using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Orders.Api.Ops;

/// <summary>
/// Counts the orders that have stayed in one non-final status longer than <see cref="OpsOptions.StuckAfter"/>, every
/// <see cref="OpsOptions.StuckCountInterval"/>: the gauge <c>orders.stuck</c> (meter <c>Orders.Api</c>) and the health
/// check <c>stuck-orders</c> (Degraded while any is stuck) read the last count, so neither queries on its own.
/// </summary>
internal sealed class StuckOrders : BackgroundService, IHealthCheck
{
    private readonly IServiceProvider _services;
    private readonly IOptions<OpsOptions> _options;
    private readonly ILogger<StuckOrders> _logger;
    private long _count = -1;

    public StuckOrders(IServiceProvider services, IOptions<OpsOptions> options, IMeterFactory meters, ILogger<StuckOrders> logger)
    {
        _services = services;
        _options = options;
        _logger = logger;
        meters.Create(Orders.OrderMetrics.MeterName).CreateObservableGauge(
            "orders.stuck", () => Math.Max(0, Interlocked.Read(ref _count)), "{order}",
            "Orders in one non-final status for longer than Ops:StuckAfter.");
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Interlocked.Read(ref _count) switch
        {
            < 0 => HealthCheckResult.Healthy("Not counted yet."),
            0 => HealthCheckResult.Healthy($"No order has stayed in one status longer than {_options.Value.StuckAfter:c}."),
            var stuck => HealthCheckResult.Degraded($"{stuck} order(s) have stayed in one status longer than {_options.Value.StuckAfter:c}."),
        });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Value.StuckCountInterval, _services.GetRequiredService<TimeProvider>());
        do
        {
            try
            {
                var count = await _services.GetRequiredService<OpsReads>().CountStuckAsync(stoppingToken);
                Interlocked.Exchange(ref _count, count);
            }
            catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
            {
                _logger.LogWarning(exception, "Stuck orders could not be counted");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
