using MassTransit;

namespace Orders.Messaging.Tests.Support;

public sealed class TestSaga : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    public int Count { get; set; }

    public Guid? TimeoutTokenId { get; set; }

    public DateTime? TimedOutAt { get; set; }
}
