using MassTransit;
using Orders.Contracts;
using Orders.Contracts.ReadModel;

namespace Orders.Workers.Saga;

/// <summary>One order as the saga knows it; <see cref="CorrelationId"/> is the order id.</summary>
public sealed class OrderState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    /// <summary>The state's name, which is also the order's public status (<see cref="OrderStatus"/>).</summary>
    public string CurrentState { get; set; } = string.Empty;

    public string? CustomerId { get; set; }

    public List<OrderLine> Items { get; set; } = [];

    public ShippingAddress? ShippingAddress { get; set; }

    public decimal Total { get; set; }

    public string? Currency { get; set; }

    public string? PaymentToken { get; set; }

    public string? PaymentId { get; set; }

    public string? TrackingNumber { get; set; }

    public string? CancellationReason { get; set; }

    public Guid? PaymentTimeoutTokenId { get; set; }

    /// <summary>Every status the order reached, in order: what GET /orders/{id} shows as its timeline.</summary>
    public List<TimelineEntry> Timeline { get; set; } = [];

    public DateTime? SubmittedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
