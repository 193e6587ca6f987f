using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Orders.Contracts;
using Orders.Migrations;
using Orders.Testing;
using Orders.Tests.Cli;
using Orders.Tests.EndToEnd;
using static Orders.Tests.EndToEnd.OrderRequests;

namespace Orders.Tests.Cluster;

/// <summary>
/// Orders on a three-node RabbitMQ cluster with quorum queues, two Api and three Workers processes: the node that leads
/// the busiest queues is stopped while orders stream in, and every order still completes exactly once; then the node
/// comes back and rejoins.
/// </summary>
[Category(TestCategories.Cluster)]
[NonParallelizable]
public sealed class NodeLossTests
{
    private const int OrdersBefore = 10;
    private const int OrdersAfter = 20;

    // Long enough that no order pays late because of the failover; short enough to see the timeout fire within the test.
    private static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(60);

    // Generous for a loaded two-core machine: failover itself takes seconds.
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(3);
    private static readonly string[] EndpointQueues =
        [Endpoints.OrderSaga, Endpoints.Payments, Endpoints.Shipping, Endpoints.Stock];

    private readonly RabbitCluster _cluster = new();
    private readonly List<ServiceProcess> _processes = [];
    private readonly List<OrdersClient> _clients = [];
    private readonly string _virtualHost = $"t-nodeloss-{Guid.NewGuid():N}";
    private TestDatabase _database = null!;
    private int? _stoppedNode;

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        await RabbitCluster.UpAsync();
        await _cluster.CreateVirtualHostAsync(_virtualHost);
        _database = await TestDatabase.CreateAsync(nameof(NodeLossTests));
        await Migrator.MigrateAsync(_database.ConnectionString, CancellationToken.None);

        var common = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__RabbitMq"] = RabbitCluster.AmqpUri(_virtualHost),
            ["Messaging__QueueType"] = "quorum",
        };
        var inventory = Start("inventory", "Orders.Inventory", common, new() { ["ConnectionStrings__Inventory"] = _database.ConnectionString });
        await inventory.WhenReadyAsync(http2: true, Settle);

        // Workers first: their receive endpoints declare the quorum queues that the Api's commands and events go to.
        var workers = Enumerable.Range(1, 3).Select(n => Start($"workers{n}", "Orders.Workers", common, new()
        {
            ["ConnectionStrings__Workers"] = _database.ConnectionString,
            ["Inventory__Address"] = inventory.Address.ToString(),
            ["Workflow__PaymentTimeout"] = PaymentTimeout.ToString(),
        })).ToList();
        foreach (var worker in workers)
        {
            await worker.WhenReadyAsync(http2: false, Settle);
        }

        var signingKey = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var apis = Enumerable.Range(1, 2).Select(n => Start($"api{n}", "Orders.Api", common, new()
        {
            ["ConnectionStrings__Ordering"] = _database.ConnectionString,
            ["Inventory__Address"] = inventory.Address.ToString(),
            ["Inventory__Deadline"] = "00:00:10",
            ["Auth__SigningKey"] = signingKey,
            // A few test customers place streams of orders: far past the per-customer rate limit meant for real clients.
            ["RateLimiting__PlaceOrder__PermitLimit"] = "1000000",
        })).ToList();
        foreach (var api in apis)
        {
            await api.WhenReadyAsync(http2: false, Settle);
        }

        var token = (await apis[0].RunToCompletionAsync("token", "cluster-" + Guid.NewGuid().ToString("N")[..8]))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        _clients.AddRange(apis.Select(api => new OrdersClient(api.Address, token)));
    }

    [OneTimeTearDown]
    public async Task StopSystem()
    {
        _clients.ForEach(client => client.Dispose());
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        // The next run finds the cluster whole.
        if (_stoppedNode is { } node)
        {
            await RabbitCluster.StartNodeAsync(node);
        }

        await _cluster.DeleteVirtualHostAsync(_virtualHost);
        _cluster.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [TearDown]
    public async Task PrintLogsOfFailures()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            foreach (var process in _processes)
            {
                await TestContext.Out.WriteLineAsync(process.LogTail(25));
            }
        }
    }

    [Test]
    public async Task Losing_the_node_that_leads_the_queues_loses_and_duplicates_no_order()
    {
        var accepted = new ConcurrentBag<Guid>();
        var refused = new ConcurrentBag<string>();

        // Before: the queues exist, have leaders, and orders flow through both Apis.
        await PlaceAsync(OrdersBefore, accepted, refused);
        await AllCompletedAsync(accepted);
        foreach (var queue in EndpointQueues)
        {
            Assert.That((await _cluster.QueueAsync(_virtualHost, queue)).Type, Is.EqualTo("quorum"), queue);
        }

        var leader = await BusiestLeaderAsync();
        TestContext.Out.WriteLine($"stopping {RabbitCluster.NodeName(leader)}, the leader of the busiest queues");

        // A payment that never answers: the saga's timeout, scheduled in PostgreSQL by one of three Workers, must fire once
        // across the failover.
        var unpaid = await _clients[1].PlaceAcceptedAsync(Order("SKU-0024", paymentToken: "tok_timeout"));

        // While orders stream in through both Apis, the leader goes away.
        using var streaming = new CancellationTokenSource();
        var stream = StreamAsync(accepted, refused, streaming.Token);
        await RabbitCluster.StopNodeAsync(leader);
        _stoppedNode = leader;
        var acceptedAtStop = accepted.Count;
        Assert.That(await Eventually.Holds(() => accepted.Count >= acceptedAtStop + OrdersAfter, Settle), Is.True,
            $"orders kept being accepted after the stop; refused: {string.Join("; ", refused.Take(5))}");
        await streaming.CancelAsync();
        await stream;
        await TestContext.Out.WriteLineAsync($"{accepted.Count} orders accepted, {accepted.Count - acceptedAtStop} of them after the stop");

        // Every accepted order completes (a lost command would end in the payment timeout's cancel), and only once.
        Assert.That(refused, Is.Empty, "placing an order writes to PostgreSQL only; the broker's failover must not refuse it");
        await AllCompletedAsync(accepted);
        var timedOut = await _clients[1].FinalAsync(unpaid, Settle);
        Assert.That(timedOut["status"]!.GetValue<string>(), Is.EqualTo("Cancelled"), timedOut.ToJsonString());
        Assert.That(timedOut["cancellationReason"]!.GetValue<string>(), Is.EqualTo("payment_timeout"));
        var (exitCode, output) = await CliProcess.RunAsync(Settle, "check", "--database", _database.ConnectionString);
        Assert.That(exitCode, Is.Zero, output);

        var queues = await Task.WhenAll(EndpointQueues.Select(queue => _cluster.QueueAsync(_virtualHost, queue)));
        Assert.That(queues.Select(queue => queue.Leader), Is.All.Not.Null.And.All.Not.EqualTo(RabbitCluster.NodeName(leader)),
            "every queue is led from a surviving node");

        // The node comes back and rejoins: the cluster runs three nodes, and each quorum queue has it online again.
        await RabbitCluster.StartNodeAsync(leader);
        _stoppedNode = null;
        Assert.That(await Eventually.Until(_cluster.RunningNodesAsync, nodes => nodes.Count == RabbitCluster.Nodes, Settle),
            Is.EquivalentTo(Enumerable.Range(1, RabbitCluster.Nodes).Select(RabbitCluster.NodeName)));
        foreach (var queue in EndpointQueues)
        {
            var online = await Eventually.Until(() => OnlineMembersAsync(queue), members => members.Contains(RabbitCluster.NodeName(leader)), Settle);
            Assert.That(online, Does.Contain(RabbitCluster.NodeName(leader)), $"{queue}'s replica on the returning node");
        }
    }

    private ServiceProcess Start(string name, string project, Dictionary<string, string> common, Dictionary<string, string> own)
    {
        var process = new ServiceProcess(name, project, ServiceProcess.FreePort(), common.Concat(own).ToDictionary(x => x.Key, x => x.Value));
        _processes.Add(process);
        process.Start();
        return process;
    }

    private async Task PlaceAsync(int count, ConcurrentBag<Guid> accepted, ConcurrentBag<string> refused)
    {
        for (var i = 0; i < count; i++)
        {
            await PlaceOneAsync(accepted.Count + refused.Count, accepted, refused);
        }
    }

    private async Task StreamAsync(ConcurrentBag<Guid> accepted, ConcurrentBag<string> refused, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await PlaceOneAsync(accepted.Count + refused.Count, accepted, refused);
        }
    }

    /// <summary>One order through one of the two Apis in turn, on one of the catalogue's SKUs in turn.</summary>
    private async Task PlaceOneAsync(int sequence, ConcurrentBag<Guid> accepted, ConcurrentBag<string> refused)
    {
        var client = _clients[sequence % _clients.Count];
        try
        {
            using var response = await client.PlaceAsync(Order($"SKU-{(sequence % 24) + 1:0000}"), Guid.NewGuid().ToString());
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted.Add(JsonNode.Parse(body)!["orderId"]!.GetValue<Guid>());
            }
            else
            {
                refused.Add($"{(int)response.StatusCode} {body}");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            refused.Add(exception.Message);
        }
    }

    private async Task AllCompletedAsync(IEnumerable<Guid> orders)
    {
        foreach (var id in orders.ToList())
        {
            var order = await _clients[0].FinalAsync(id, Settle);
            Assert.That(order["status"]!.GetValue<string>(), Is.EqualTo("Completed"), order.ToJsonString());
        }
    }

    /// <summary>The node that leads the most endpoint queues; the saga's queue, which every event goes through, breaks ties.</summary>
    private async Task<int> BusiestLeaderAsync()
    {
        var leaders = new List<string>();
        foreach (var queue in EndpointQueues)
        {
            var state = await _cluster.QueueAsync(_virtualHost, queue);
            leaders.Add(state.Leader ?? state.Node ?? throw new InvalidOperationException($"{queue} has no leader"));
        }

        var busiest = leaders.GroupBy(leader => leader)
            .OrderByDescending(group => group.Count())
            .ThenByDescending(group => group.Key == leaders[0])
            .First().Key;
        return RabbitCluster.NodeNumber(busiest);
    }

    private async Task<IReadOnlyList<string>> OnlineMembersAsync(string queue) => (await _cluster.QueueAsync(_virtualHost, queue)).Online;
}
