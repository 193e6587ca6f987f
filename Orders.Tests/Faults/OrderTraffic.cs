using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Orders.Testing;
using Orders.Tests.EndToEnd;
using static Orders.Tests.EndToEnd.OrderRequests;

namespace Orders.Tests.Faults;

/// <summary>
/// Orders placed in the background, a few at a time, down every <see cref="OrderPath"/> in turn, each with its own
/// Idempotency-Key, while a test breaks something: every answer is recorded with its status and how long it took.
/// </summary>
public sealed class OrderTraffic
{
    private readonly ConcurrentQueue<StreamedOrder> _accepted = new();
    private int _cancelRequests = 1;
    private readonly ConcurrentQueue<Answer> _answers = new();

    private OrderTraffic() => Completion = Task.CompletedTask;

    public Task Completion { get; private set; }

    public IReadOnlyCollection<StreamedOrder> Accepted => _accepted;

    public IReadOnlyCollection<Answer> Answers => _answers;

    /// <summary>
    /// Places <paramref name="count"/> orders of <paramref name="skus"/>, <paramref name="concurrency"/> at a time. With
    /// <paramref name="cancelEvery"/>, every so many orders that would complete are cancelled as soon as they are
    /// accepted: the cancellation races with the order's own messages on the saga's queue. With
    /// <paramref name="cancelRequests"/> above one, each cancellation is asked that many times at once (a customer's
    /// impatient clicks), so that several replicas update the same saga together.
    /// </summary>
    public static OrderTraffic Start(OrdersClient client, int count, IReadOnlyList<string> skus, int concurrency = 3, int cancelEvery = 0, int cancelRequests = 1)
    {
        var stream = new OrderTraffic { _cancelRequests = cancelRequests };
        var next = -1;
        stream.Completion = Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                await stream.PlaceAsync(client, index, skus[index % skus.Count], cancel: cancelEvery > 0 && index % cancelEvery == 0);
            }
        })));
        return stream;
    }

    /// <summary>Places <paramref name="count"/> orders one after the other and returns when all are answered.</summary>
    public static async Task<OrderTraffic> PlaceAsync(OrdersClient client, int count, IReadOnlyList<string> skus)
    {
        var stream = Start(client, count, skus, concurrency: 1);
        await stream.Completion;
        return stream;
    }

    /// <summary>Waits until at least <paramref name="count"/> orders were accepted (or the stream ends).</summary>
    public Task<bool> AcceptedAtLeastAsync(int count) =>
        Eventually.Holds(() => _accepted.Count >= count || Completion.IsCompleted, TimeSpan.FromMinutes(2));

    private async Task PlaceAsync(OrdersClient client, int index, string sku, bool cancel)
    {
        var path = OrderPath.Mix[index % OrderPath.Mix.Count];
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await client.PlaceAsync(Order(sku, paymentToken: path.PaymentToken, country: path.Country), Guid.NewGuid().ToString());
            var body = await response.Content.ReadAsStringAsync();
            _answers.Enqueue(new Answer(response.StatusCode, response.Headers.RetryAfter is not null, clock.Elapsed, body));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                var id = JsonNode.Parse(body)!["orderId"]!.GetValue<Guid>();
                _accepted.Enqueue(new StreamedOrder(id, cancel && path == OrderPath.Completes ? await CancelAsync(client, id) : path, sku));
            }
        }
        catch (TaskCanceledException)
        {
            // No answer within the client's deadline: the API hung.
            _answers.Enqueue(new Answer(null, false, clock.Elapsed, "no answer"));
        }
        catch (HttpRequestException exception)
        {
            _answers.Enqueue(new Answer(null, false, clock.Elapsed, exception.Message));
        }
    }

    /// <summary>Asks for the cancellation <see cref="_cancelRequests"/> times at once; one answer of OK means cancelled.</summary>
    private async Task<OrderPath> CancelAsync(OrdersClient client, Guid id)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, _cancelRequests).Select(_ => CancelOnceAsync(client, id)));
        return answers.Contains(OrderPath.CancelledByCustomer) ? OrderPath.CancelledByCustomer
            : answers.Contains(OrderPath.CancellationUnanswered) ? OrderPath.CancellationUnanswered
            : OrderPath.Completes;
    }

    private static async Task<OrderPath> CancelOnceAsync(OrdersClient client, Guid id)
    {
        using var response = await client.Http.PostAsync(new Uri($"/orders/{id}/cancel", UriKind.Relative), null);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => OrderPath.CancelledByCustomer,
            HttpStatusCode.Conflict => OrderPath.Completes,
            HttpStatusCode.ServiceUnavailable => OrderPath.CancellationUnanswered,
            var other => throw new AssertionException($"cancelling order {id}: {other} {await response.Content.ReadAsStringAsync()}"),
        };
    }
}

public sealed record StreamedOrder(Guid Id, OrderPath Path, string Sku);

/// <summary>One answer of the API to a POST /orders; <see cref="Status"/> is null when none came.</summary>
public sealed record Answer(HttpStatusCode? Status, bool RetryAfter, TimeSpan Took, string Body);
