using System.Diagnostics;
using Orders.Cli.Rest;

namespace Orders.Cli.Demo;

/// <summary>One order down one path: place it, cancel it at once when the path says so, and follow it until it is final.</summary>
public static class DemoOrder
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Every answer goes to <paramref name="seen"/>, so a display can follow the timeline as it grows. An order not final
    /// within <paramref name="deadline"/> is an outcome that says so; cancelling the token stops following at once.
    /// </summary>
    public static async Task<DemoOutcome> FollowAsync(
        DemoPath path, OrdersClient client, Action<Order> seen, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(seen);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        var clock = Stopwatch.StartNew();
        Order? order = null;
        try
        {
            order = await client.PlaceAsync(path.Order, timeout.Token);
            seen(order);
            if (path.CancelAtOnce)
            {
                order = await client.CancelAsync(order.OrderId, timeout.Token);
                seen(order);
            }

            while (!order.IsFinal)
            {
                await Task.Delay(PollInterval, timeout.Token);
                order = await client.GetAsync(order.OrderId, timeout.Token);
                seen(order);
            }

            return new DemoOutcome(path, order, clock.Elapsed, Failure: null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new DemoOutcome(path, order, SubmitToFinal: null, $"not final after {deadline.TotalSeconds:0} s");
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            return new DemoOutcome(path, order, SubmitToFinal: null, "the API did not answer in time");
        }
        catch (HttpRequestException e)
        {
            return new DemoOutcome(path, order, SubmitToFinal: null, e.Message);
        }
    }
}
