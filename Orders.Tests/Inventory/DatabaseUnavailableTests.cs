using System.Net;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Orders.Contracts.Inventory;
using static Orders.Tests.Inventory.InventoryRequests;

namespace Orders.Tests.Inventory;

/// <summary>Inventory whose PostgreSQL cannot be reached at all.</summary>
public sealed class DatabaseUnavailableTests
{
    private InventoryHost _inventory = null!;

    [OneTimeSetUp]
    public async Task StartInventory() => _inventory = await InventoryHost.StartWithoutDatabaseAsync();

    [OneTimeTearDown]
    public async Task StopInventory() => await _inventory.DisposeAsync();

    [Test]
    public async Task Calls_fail_with_unavailable_without_telling_the_database_error()
    {
        var reserve = await _inventory.Client.ReserveStockAsync(Reserve(Guid.NewGuid(), ("SKU-0001", 1))).FailsAsync();
        var get = await _inventory.Client.GetStockAsync(new GetStockRequest()).FailsAsync();
        var commit = await _inventory.Client.CommitReservationAsync(Order(Guid.NewGuid())).FailsAsync();

        using (Assert.EnterMultipleScope())
        {
            foreach (var error in new[] { reserve, get, commit })
            {
                Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unavailable));
                Assert.That(error.Status.Detail, Does.Not.Contain("127.0.0.1").And.Not.Contain("Npgsql").And.Not.Contain("refused"));
            }
        }
    }

    [Test]
    public async Task Invalid_requests_are_refused_before_any_database_work()
    {
        var error = await _inventory.Client.ReserveStockAsync(Reserve(Guid.NewGuid(), ("SKU-0001", 0))).FailsAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(error.Detail<BadRequest>().FieldViolations.Single().Field, Is.EqualTo("lines[0].quantity"));
        }
    }

    [Test]
    public async Task Readiness_fails_while_liveness_holds()
    {
        using var ready = await _inventory.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var live = await _inventory.Http.GetAsync(new Uri("/health/live", UriKind.Relative));
        var grpcHealth = await _inventory.Health.CheckAsync(new HealthCheckRequest());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(grpcHealth.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.NotServing));
        }
    }
}
