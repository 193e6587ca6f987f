using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Orders.Benchmarks.Load;

/// <summary>
/// Places orders through POST /orders, as a customer does, in open or closed loop. Records each answer's latency
/// and status; an open-loop latency counts from the moment the order was due, so a slow answer that delays the
/// client's next send is not hidden (no coordinated omission).
/// </summary>
public sealed class LoadDriver : IDisposable
{
    // Bounds the open loop's outstanding requests: beyond it the client, not the system, would be measured.
    private const int MaxInFlight = 20_000;

    private readonly HttpClient _http;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, int> _acceptedBySecond = new();
    private readonly ConcurrentDictionary<Guid, double> _acceptedOrders = new();
    private TimeSpan _origin;
    private int _inFlight;
    private int _sequence;

    public LoadDriver(Uri api, string token)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        _http = new HttpClient(handler) { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Latency of each accepted POST (202), by the second (from the measurement's start) it was due.</summary>
    public LatencyLog Posts { get; } = new();

    /// <summary>Refused or failed POSTs by HTTP status code, or <c>timeout</c> / <c>connection</c>, within the measurement.</summary>
    public IReadOnlyDictionary<string, int> Errors => _errors;

    public int NotSent { get; private set; }

    /// <summary>Each accepted order (by the id in its Location) and the second its POST was due: the window an order belongs to.</summary>
    public IReadOnlyDictionary<Guid, double> AcceptedOrders => _acceptedOrders;

    public int Accepted => _acceptedBySecond.Where(x => x.Key >= 0).Sum(x => x.Value);

    public int AcceptedIn(int second) => _acceptedBySecond.GetValueOrDefault(second);

    /// <summary>When the measurement starts, on the clock the services stamp their rows with.</summary>
    public DateTime OriginUtc { get; private set; }

    /// <summary>Seconds since the start of the measurement (negative during warm-up).</summary>
    public double Now => (_clock.Elapsed - _origin).TotalSeconds;

    /// <summary>Warm-up, then the measured window; returns when the window ends and every request sent is answered.</summary>
    public async Task RunAsync(LoadSettings settings, Action measurementStarts, Action measurementEnds)
    {
        var warmup = TimeSpan.FromSeconds(settings.WarmupSeconds);
        var total = warmup + TimeSpan.FromSeconds(settings.DurationSeconds);
        OriginUtc = DateTime.UtcNow + warmup;
        _origin = _clock.Elapsed + warmup;
        using var startSignal = new Timer(_ => measurementStarts(), null, warmup, Timeout.InfiniteTimeSpan);
        using var endSignal = new Timer(_ => measurementEnds(), null, total, Timeout.InfiniteTimeSpan);
        if (settings.Rate is { } rate)
        {
            await OpenLoopAsync(rate, total);
        }
        else
        {
            await ClosedLoopAsync(settings.Clients, total);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task OpenLoopAsync(double rate, TimeSpan total)
    {
        var start = _clock.Elapsed;
        var pending = new List<Task>();
        for (long n = 0; ; n++)
        {
            var due = start + TimeSpan.FromSeconds(n / rate);
            if (due - start >= total)
            {
                break;
            }

            var wait = due - _clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            if (Volatile.Read(ref _inFlight) >= MaxInFlight)
            {
                NotSent++;
                continue;
            }

            pending.Add(PlaceAsync(due));
            if (pending.Count >= 4096)
            {
                pending.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(pending);
    }

    private async Task ClosedLoopAsync(int clients, TimeSpan total)
    {
        var end = _clock.Elapsed + total;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (_clock.Elapsed < end)
            {
                await PlaceAsync(_clock.Elapsed);
            }
        }));
    }

    private async Task PlaceAsync(TimeSpan due)
    {
        Interlocked.Increment(ref _inFlight);
        var second = (due - _origin).TotalSeconds;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = OrderBody() };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            using var response = await _http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                Posts.Add(second, (_clock.Elapsed - due).TotalMilliseconds);
                _acceptedBySecond.AddOrUpdate((int)Math.Floor(second), 1, (_, count) => count + 1);
                if (Guid.TryParse(response.Headers.Location?.OriginalString.Split('/')[^1], out var orderId))
                {
                    _acceptedOrders[orderId] = second;
                }
            }
            else
            {
                error = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (TaskCanceledException)
        {
            error = "timeout";
        }
        catch (HttpRequestException)
        {
            error = "connection";
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        if (error is not null && second >= 0)
        {
            _errors.AddOrUpdate(error, 1, (_, count) => count + 1);
        }
    }

    // One line of a SKU spread over the catalogue, so that orders rarely wait on each other's stock rows.
    private StringContent OrderBody()
    {
        var sku = SystemUnderTest.Sku((Interlocked.Increment(ref _sequence) % SystemUnderTest.Skus) + 1);
        var json = $$$"""
            {"items":[{"sku":"{{{sku}}}","quantity":1}],"payment":{"token":"tok_visa"},
             "shippingAddress":{"name":"Load Test","line1":"1 Bench St","city":"London","postalCode":"N1 9GU","country":"GB"}}
            """;
        return new StringContent(json, Encoding.UTF8, "application/json");
    }
}
