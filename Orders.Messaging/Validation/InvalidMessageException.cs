namespace Orders.Messaging;

/// <summary>
/// A message whose body breaks its contract (a required member missing, an identifier left empty). Handling it again
/// cannot help: it goes straight to the endpoint's <c>_error</c> queue, this message in its <c>MT-Fault-Message</c> header.
/// </summary>
public sealed class InvalidMessageException : Exception
{
    public InvalidMessageException()
    {
    }

    public InvalidMessageException(string message)
        : base(message)
    {
    }

    public InvalidMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidMessageException(Type messageType, IReadOnlyList<string> violations)
        : base($"{messageType?.Name} breaks its contract: {string.Join("; ", violations ?? [])}.")
    {
        Violations = violations ?? [];
    }

    public IReadOnlyList<string> Violations { get; } = [];
}
