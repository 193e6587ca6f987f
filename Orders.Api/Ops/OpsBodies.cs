using Orders.Api.Orders;

namespace Orders.Api.Ops;

/// <summary>GET /ops/api/orders: recent orders, the count per status and how many are stuck.</summary>
public sealed record LiveOrdersBody(
    DateTime At, TimeSpan StuckAfter, IReadOnlyDictionary<string, long> Counts, long Stuck, IReadOnlyList<LiveOrderBody> Orders);

/// <summary>One order in the live list: its status, since when, and whether it is stuck there.</summary>
public sealed record LiveOrderBody(
    Guid Id, string Status, string? CancellationReason, string CustomerId, DateTime CreatedAt, DateTime UpdatedAt, double AgeSeconds, bool Stuck);

/// <summary>GET /ops/api/orders/{id}: everything the services know of one order.</summary>
public sealed record OrderDetailBody(
    Guid Id,
    string CustomerId,
    string Status,
    string? CancellationReason,
    decimal Total,
    string Currency,
    DateTime CreatedAt,
    bool Stuck,
    IReadOnlyList<TimelineEntryBody> Timeline,
    SagaBody? Saga,
    PaymentBody? Payment,
    ShipmentBody? Shipment,
    ReservationBody? Reservation,
    string? TraceId,
    string? TraceUrl);

/// <summary>The saga's instance: its state, and the payment timeout it scheduled (while one is pending).</summary>
public sealed record SagaBody(string State, DateTime CreatedAt, DateTime UpdatedAt, Guid? PaymentTimeoutToken, DateTime? PaymentTimeoutDueAt);

public sealed record PaymentBody(
    string Status, string? PaymentId, string? DeclineReason, decimal Amount, string Currency, DateTime CreatedAt,
    string? RefundId, decimal? RefundedAmount, DateTime? RefundedAt);

public sealed record ShipmentBody(string? TrackingNumber, string? FailureReason, string Country, DateTime CreatedAt);

public sealed record ReservationBody(string Status, DateTime CreatedAt, DateTime ExpiresAt, DateTime UpdatedAt, IReadOnlyList<ReservedLineBody> Lines);

public sealed record ReservedLineBody(string Sku, int Quantity);

/// <summary>POST /ops/api/orders/{id}/cancel and the failed-message actions: why the operator acts (kept in the audit log).</summary>
public sealed record OperatorActionRequest(string? Reason);

/// <summary>What an action did, as the audit log recorded it.</summary>
public sealed record ActionResultBody(string Outcome, AuditEntryBody Audit);

public sealed record AuditEntryBody(long Id, DateTime At, string Actor, string Action, string Target, string Reason, string Outcome);

/// <summary>GET /ops/api/failed: every <c>_error</c> queue and the messages resting in it.</summary>
public sealed record FailedQueueBody(string Queue, string OriginalQueue, long Messages, IReadOnlyList<FailedMessageBody> Sample);

public sealed record FailedMessageBody(
    string MessageId, string? MessageType, Guid? OrderId, string? ExceptionType, string? Exception, DateTime? FailedAt, string? Reason);

/// <summary>GET /ops/api/pipeline: what waits to move, per service and per queue.</summary>
public sealed record PipelineBody(DateTime At, IReadOnlyList<OutboxBody> Outboxes, IReadOnlyList<QueueBody> Queues, string? QueuesError);

public sealed record OutboxBody(string Service, string Schema, long Pending, DateTime? OldestPendingAt, double? OldestPendingAgeSeconds, IReadOnlyList<ScheduledBody> DueSoon);

public sealed record ScheduledBody(string? MessageType, string Destination, DateTime DueAt);

public sealed record QueueBody(string Name, long Messages, long Ready, long Unacknowledged, int Consumers);
