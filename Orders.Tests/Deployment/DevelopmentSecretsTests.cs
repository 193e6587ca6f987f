using Orders.Tests.EndToEnd;

namespace Orders.Tests.Deployment;

/// <summary>
/// The real executables, started in Production with the settings they ship with (development ones): each refuses to
/// start and names the setting to fix. That they start in Development is what the end-to-end tests show.
/// </summary>
public sealed class DevelopmentSecretsTests
{
    private const string OtherDatabase = "Host=127.0.0.1;Port=5432;Database=orders;Username=orders;Password=not-the-development-one";
    private const string OtherBroker = "amqp://operator:not-the-development-one@127.0.0.1:5672/";

    [Test]
    public Task Api_refuses_to_start_in_Production_with_the_development_database_password() =>
        AssertRefusedAsync("Orders.Api", "ConnectionStrings:Ordering uses the development password; set ConnectionStrings__Ordering");

    [Test]
    public Task Api_refuses_to_start_in_Production_with_the_development_RabbitMQ_user() =>
        AssertRefusedAsync("Orders.Api", "ConnectionStrings:RabbitMq uses the development password (user orders-api); set ConnectionStrings__RabbitMq",
            new() { ["ConnectionStrings__Ordering"] = OtherDatabase });

    [Test]
    public Task Api_refuses_to_start_in_Production_as_RabbitMQ_guest() =>
        AssertRefusedAsync("Orders.Api", "ConnectionStrings:RabbitMq uses RabbitMQ's guest user, which is for local development only; set ConnectionStrings__RabbitMq",
            new() { ["ConnectionStrings__Ordering"] = OtherDatabase, ["ConnectionStrings__RabbitMq"] = "amqp://guest:guest@127.0.0.1:5672/" });

    [Test]
    public Task Api_refuses_to_start_in_Production_with_the_development_signing_key() =>
        AssertRefusedAsync("Orders.Api", "Auth:SigningKey is the development key", new()
        {
            ["ConnectionStrings__Ordering"] = OtherDatabase,
            ["ConnectionStrings__RabbitMq"] = OtherBroker,
            ["Auth__SigningKey"] = "orders-development-signing-key-0123456789abcdef",
        });

    [Test]
    public Task Workers_refuse_to_start_in_Production_with_the_development_database_password() =>
        AssertRefusedAsync("Orders.Workers", "ConnectionStrings:Workers uses the development password; set ConnectionStrings__Workers");

    [Test]
    public Task Workers_refuse_to_start_in_Production_with_the_development_RabbitMQ_user() =>
        AssertRefusedAsync("Orders.Workers", "ConnectionStrings:RabbitMq uses the development password (user orders-workers); set ConnectionStrings__RabbitMq",
            new() { ["ConnectionStrings__Workers"] = OtherDatabase });

    [Test]
    public Task Inventory_refuses_to_start_in_Production_with_the_development_database_password() =>
        AssertRefusedAsync("Orders.Inventory", "ConnectionStrings:Inventory uses the development password; set ConnectionStrings__Inventory");

    [Test]
    public Task The_migrator_refuses_to_run_in_Production_with_the_development_database_password() =>
        AssertRefusedAsync("migrations", "ConnectionStrings:Migrations uses the development password; set ConnectionStrings__Migrations",
            assembly: "Orders.Migrations");

    private static async Task AssertRefusedAsync(string project, string message, Dictionary<string, string>? settings = null, string? assembly = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in settings ?? [])
        {
            environment[key] = value;
        }

        await using var process = new ServiceProcess($"{project}-in-production", project, ServiceProcess.FreePort(), environment, assembly);
        process.Start();
        var exitCode = await process.ExitCodeAsync(TimeSpan.FromSeconds(30));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Not.Null.And.Not.Zero, $"{project} must not run\n{process.LogTail()}");
            Assert.That(process.LogTail(200), Does.Contain(message));
        }
    }
}
