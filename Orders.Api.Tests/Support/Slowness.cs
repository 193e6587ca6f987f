namespace Orders.Api.Tests.Support;

/// <summary>Faults a test puts into Inventory: ReserveStock stalls (null: not at all), ReleaseReservation fails.</summary>
public sealed class Slowness
{
    private int _failingReleases;

    public TimeSpan? Delay { get; set; }

    /// <summary>The next <paramref name="count"/> ReleaseReservation calls answer Unavailable, as a database outage would.</summary>
    public void FailReleases(int count) => Volatile.Write(ref _failingReleases, count);

    public bool TakeFailingRelease() => Interlocked.Decrement(ref _failingReleases) >= 0;
}
