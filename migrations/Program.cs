using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orders.Migrations;
using Orders.ServiceDefaults;

// Settings come from appsettings.json beside the binary and from the environment (ConnectionStrings__Migrations).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
using var host = builder.Build();
var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orders.Migrations");
var connectionString = builder.Configuration.GetConnectionString("Migrations") ?? Migrator.DevelopmentConnectionString;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    DevelopmentSecrets.RefuseInProduction(builder.Environment, builder.Configuration, "Migrations");
    var target = new NpgsqlConnectionStringBuilder(connectionString);
    logger.LogInformation("Migrating database {Database} on {Host}:{Port}", target.Database, target.Host, target.Port);
    var applied = await Migrator.MigrateAsync(connectionString, logger, cancellation.Token);
    logger.LogInformation("Done: {AppliedCount} migration(s) applied", applied.Count);
    return 0;
}
catch (Exception exception)
{
    logger.LogCritical(exception, "Migrating failed: {Reason}", exception.Message);
    return 1;
}
