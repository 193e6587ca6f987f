using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Orders.Tests.Inventory;

public sealed class HealthTests
{
    private InventoryHost _inventory = null!;

    [OneTimeSetUp]
    public async Task StartInventory() => _inventory = await InventoryHost.StartAsync(nameof(HealthTests));

    [OneTimeTearDown]
    public async Task StopInventory() => await _inventory.DisposeAsync();

    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Health_urls_answer_healthy_over_http2(string path)
    {
        using var response = await _inventory.Http.GetAsync(new Uri(path, UriKind.Relative));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Version, Is.EqualTo(HttpVersion.Version20));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
        }
    }

    [TestCase("")]
    [TestCase("orders.inventory.v1.Inventory")]
    public async Task The_grpc_health_service_reports_serving(string service)
    {
        var reply = await _inventory.Health.CheckAsync(new HealthCheckRequest { Service = service });

        Assert.That(reply.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.Serving));
    }

    [Test]
    public async Task Reflection_lists_the_inventory_service()
    {
        var reflection = new ServerReflection.ServerReflectionClient(_inventory.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();

        var services = new List<string>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            services.AddRange(response.ListServicesResponse.Service.Select(service => service.Name));
        }

        Assert.That(services, Does.Contain("orders.inventory.v1.Inventory"));
    }
}
