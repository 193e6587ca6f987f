using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orders.Contracts;
using Orders.Contracts.ReadModel;
using Orders.Messaging;

namespace Orders.Workers.Saga;

/// <summary>
/// The saga's table <c>workflow.order_states</c>; lines, address and timeline are kept whole, as jsonb. The Api reads
/// its progress columns through the view <see cref="OrderProgressView"/>, created by the Workflow migrations.
/// </summary>
public sealed class OrderStateMap : IEntityTypeConfiguration<OrderState>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<OrderState> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("order_states");
        builder.IsSagaInstance();
        builder.HasKey(x => x.CorrelationId).HasName("pk_order_states");
        builder.Property(x => x.CorrelationId).HasColumnName("order_id");
        builder.Property(x => x.CurrentState).HasColumnName("current_state").HasMaxLength(32);
        builder.Property(x => x.CustomerId).HasColumnName("customer_id").HasMaxLength(200);
        builder.Property(x => x.Items).HasColumnName("items").HasColumnType("jsonb")
            .HasConversion(
                items => JsonSerializer.Serialize(items, Json),
                json => JsonSerializer.Deserialize<List<OrderLine>>(json, Json) ?? new List<OrderLine>(),
                new ValueComparer<List<OrderLine>>(
                    (left, right) => left!.SequenceEqual(right!),
                    items => items.Aggregate(0, (hash, line) => HashCode.Combine(hash, line)),
                    items => items.ToList()));
        builder.Property(x => x.Timeline).HasColumnName("timeline").HasColumnType("jsonb")
            .HasConversion(
                timeline => JsonSerializer.Serialize(timeline, Json),
                json => JsonSerializer.Deserialize<List<TimelineEntry>>(json, Json) ?? new List<TimelineEntry>(),
                new ValueComparer<List<TimelineEntry>>(
                    (left, right) => left!.SequenceEqual(right!),
                    timeline => timeline.Aggregate(0, (hash, entry) => HashCode.Combine(hash, entry)),
                    timeline => timeline.ToList()));
        builder.Property(x => x.ShippingAddress).HasColumnName("shipping_address").HasColumnType("jsonb")
            .HasConversion(
                address => JsonSerializer.Serialize(address, Json),
                json => JsonSerializer.Deserialize<ShippingAddress>(json, Json));
        builder.Property(x => x.Total).HasColumnName("total").HasPrecision(12, 2);
        builder.Property(x => x.Currency).HasColumnName("currency").HasColumnType("char(3)");
        builder.Property(x => x.PaymentToken).HasColumnName("payment_token").HasMaxLength(200);
        builder.Property(x => x.PaymentId).HasColumnName("payment_id").HasMaxLength(100);
        builder.Property(x => x.TrackingNumber).HasColumnName("tracking_number").HasMaxLength(100);
        builder.Property(x => x.CancellationReason).HasColumnName("cancellation_reason").HasMaxLength(32);
        builder.Property(x => x.PaymentTimeoutTokenId).HasColumnName("payment_timeout_token_id");
        builder.Property(x => x.SubmittedAt).HasColumnName("submitted_at");
        builder.Property(x => x.CreatedAt).HasColumnName("created_at");
        builder.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        builder.HasIndex(x => x.CurrentState).HasDatabaseName("ix_order_states_current_state");
    }
}
