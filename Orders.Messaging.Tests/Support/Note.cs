namespace Orders.Messaging.Tests.Support;

/// <summary>A business row written beside outbox messages, to show both commit or roll back together.</summary>
public sealed class Note
{
    public Guid Id { get; set; }

    public string Text { get; set; } = string.Empty;
}
