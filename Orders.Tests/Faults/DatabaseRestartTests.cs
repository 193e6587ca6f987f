using System.Net;
using Orders.Testing;
using Orders.Testing.Servers;
using Orders.Tests.EndToEnd;

namespace Orders.Tests.Faults;

/// <summary>
/// PostgreSQL (a private server) stopped mid-stream and started again: meanwhile the API answers 503 with Retry-After,
/// quickly, never 500; afterwards every host is ready again by itself and every accepted order completes.
/// </summary>
public sealed class DatabaseRestartTests : FaultSystem
{
    /// <summary>The client's own deadline: an answer later than this is a hang.</summary>
    private static readonly TimeSpan AnswerDeadline = TimeSpan.FromSeconds(25);

    private PrivatePostgres? _postgres;

    protected override async Task<string> StartDatabaseAsync()
    {
        _postgres = await PrivatePostgres.StartNewAsync();
        return _postgres.ConnectionString;
    }

    protected override async Task StopServersAsync()
    {
        await base.StopServersAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [Test]
    public Task While_the_database_restarts_the_api_answers_503_with_retry_after_and_every_host_recovers() => RoundsAsync(async round =>
    {
        var postgres = _postgres!;
        var traffic = OrderTraffic.Start(Alice, Orders(20), StreamSkus);
        Assert.That(await traffic.AcceptedAtLeastAsync(Orders(20) / 3), Is.True);

        // A fast shutdown in CI; a soak alternates it with kill -9.
        await (round % 2 == 1 ? postgres.StopAsync() : postgres.KillAsync());
        var during = await OrderTraffic.PlaceAsync(Alice, 5, StreamSkus);
        Assert.Multiple(() =>
        {
            foreach (var answer in during.Answers)
            {
                Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), answer.Body);
                Assert.That(answer.RetryAfter, Is.True, "Retry-After");
                Assert.That(answer.Took, Is.LessThan(AnswerDeadline), "answered within the deadline");
            }
        });
        Assert.That(await Eventually.Holds(async () => !await IsReadyAsync(ApiProcess), TimeSpan.FromMinutes(1)), Is.True,
            "the Api says it is not ready while PostgreSQL is down");

        await postgres.StartAsync();
        foreach (var host in WorkersReplicas.Prepend(InventoryProcess).Append(ApiProcess))
        {
            await WhenReadyAsync(host);
        }

        await traffic.Completion;
        Assert.That(traffic.Answers.Where(answer => answer.Status != HttpStatusCode.Accepted),
            Has.All.Matches<Answer>(answer => answer.Status == HttpStatusCode.ServiceUnavailable && answer.RetryAfter),
            "orders of the stream were accepted, or refused with 503 and Retry-After");

        var after = await OrderTraffic.PlaceAsync(Alice, Orders(5), StreamSkus);
        Assert.That(after.Answers.Select(answer => answer.Status), Is.All.EqualTo(HttpStatusCode.Accepted), "orders flow again");
        await AssertSettledAsync([.. traffic.Accepted, .. after.Accepted]);
    });

    private static async Task<bool> IsReadyAsync(ServiceProcess host)
    {
        using var client = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
