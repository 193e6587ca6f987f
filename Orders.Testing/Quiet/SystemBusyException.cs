namespace Orders.Testing.Quiet;

/// <summary>The system did not go quiet in time; the message lists what was still busy at the last look.</summary>
public sealed class SystemBusyException : Exception
{
    public SystemBusyException(TimeSpan timeout, IReadOnlyList<string> busy, IReadOnlyList<string> dead)
        : base(Describe(timeout, busy, dead))
    {
        Busy = busy;
    }

    public SystemBusyException()
    {
        Busy = [];
    }

    public SystemBusyException(string message)
        : base(message)
    {
        Busy = [];
    }

    public SystemBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Busy = [];
    }

    public IReadOnlyList<string> Busy { get; }

    private static string Describe(TimeSpan timeout, IReadOnlyList<string> busy, IReadOnlyList<string> dead)
    {
        var lines = new List<string> { $"The system was still busy after {timeout}:" };
        lines.AddRange(busy.Select(x => "  - " + x));
        if (dead.Count > 0)
        {
            lines.Add("Messages in error queues:");
            lines.AddRange(dead.Select(x => "  - " + x));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
